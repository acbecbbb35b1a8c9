/**
 * Speech-recognition-robust text normalisation, shared by the rules and the learned model so that tidy text and
 * ASR output ("um so i need the four digit pin", "currier", "re fund", "t s b") end up in one canonical form.
 *
 * @example
 * normalizeText("Um, I'll need your PIN: 1234!"); // 'i will need your pin one two three four'
 */

const ones = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
] as const;
const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;

/** Writes a whole number (0 ≤ n < 10^9) as English words: 7000 → 'seven thousand'. */
export function numberToWords(n: number): string {
  if (!Number.isFinite(n) || n < 0 || n >= 1e9) return String(n).split('').map(digitWord).join(' ');
  if (n < 20) return ones[n] ?? '';
  if (n < 100) {
    const rest = n % 10;
    return rest === 0 ? (tens[Math.floor(n / 10)] ?? '') : `${tens[Math.floor(n / 10)]} ${ones[rest]}`;
  }
  if (n < 1000) {
    const rest = n % 100;
    return `${ones[Math.floor(n / 100)]} hundred${rest === 0 ? '' : ` and ${numberToWords(rest)}`}`;
  }
  if (n < 1e6) {
    const rest = n % 1000;
    const head = `${numberToWords(Math.floor(n / 1000))} thousand`;
    return rest === 0 ? head : `${head}${rest < 100 ? ' and' : ''} ${numberToWords(rest)}`;
  }
  const rest = n % 1e6;
  const head = `${numberToWords(Math.floor(n / 1e6))} million`;
  return rest === 0 ? head : `${head} ${numberToWords(rest)}`;
}

function digitWord(d: string): string {
  return ones[Number(d)] ?? d;
}

/**
 * Digits as speech recognisers write them: amounts (with separators, decimals, or up to three digits) as words,
 * longer strings (codes, phone numbers, card numbers) digit by digit.
 */
export function digitsToWords(text: string): string {
  return text.replace(/\d[\d,]*(?:\.\d+)?/g, (match) => {
    const [whole = '', fraction] = match.split('.');
    const plain = whole.replace(/,/g, '');
    const spoken =
      (whole.includes(',') || plain.length <= 3 || fraction !== undefined) && !plain.startsWith('0') && plain.length > 0
        ? numberToWords(Number(plain))
        : plain.split('').map(digitWord).join(' ');
    return fraction === undefined ? ` ${spoken} ` : ` ${spoken} point ${fraction.split('').map(digitWord).join(' ')} `;
  });
}

const fillers = new Set(['um', 'umm', 'uh', 'uhh', 'uhm', 'er', 'erm', 'ah', 'ahh', 'hmm', 'mm', 'mmm', 'eh', 'huh']);

/**
 * Words that matter to the detector. Speech recognisers split them ("re fund", "any desk") or mishear them by a
 * letter or two ("currier", "cash ear"), so split pairs are joined and near misses corrected onto this list.
 */
const keyTerms = [
  'account',
  'anydesk',
  'arrest',
  'arrested',
  'authorised',
  'bailiff',
  'barclays',
  'bitcoin',
  'bullion',
  'cashier',
  'cashpoint',
  'confidential',
  'constable',
  'courier',
  'credentials',
  'custody',
  'detective',
  'download',
  'envelope',
  'evidence',
  'forensic',
  'fraudulent',
  'fraudster',
  'halifax',
  'investigation',
  'investigating',
  'invoice',
  'itunes',
  'jeweller',
  'jewellery',
  'krugerrand',
  'laundering',
  'logmein',
  'memorable',
  'nationwide',
  'natwest',
  'officer',
  'online',
  'passcode',
  'password',
  'police',
  'refund',
  'remote',
  'santander',
  'sergeant',
  'solicitor',
  'sovereign',
  'supervisor',
  'surety',
  'suspicious',
  'teamviewer',
  'transfer',
  'ultraviewer',
  'verification',
  'voucher',
  'vouchers',
  'warrant',
  'withdraw',
  'withdrawal',
] as const;
const keyTermSet: ReadonlySet<string> = new Set(keyTerms);
const keyTermsByInitial = new Map<string, string[]>();
for (const term of keyTerms) {
  const list = keyTermsByInitial.get(term[0] ?? '') ?? [];
  list.push(term);
  keyTermsByInitial.set(term[0] ?? '', list);
}

/** Everyday words that sit one letter away from a key term and must stay as they are. */
const protectedWords: ReadonlySet<string> = new Set([
  'accounts',
  'amount',
  'refunds',
  'offices',
  'office',
  'officers',
  'policy',
  'polite',
  'postcode',
  'postcodes',
  'remove',
  'remotely',
  'remoted',
  'transform',
  'warranty',
  'warrants',
  'evident',
  'customs',
]);

const vowels: ReadonlySet<string> = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

/**
 * Optimal-string-alignment edit distance where swapping one vowel for another costs half (speech recognisers
 * mostly confuse vowels: "currier", "frawd"); stops early once `limit` is exceeded.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const x = a[i - 1] ?? '';
      const y = b[j - 1] ?? '';
      const cost = x === y ? 0 : vowels.has(x) && vowels.has(y) ? 0.5 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && x === b[j - 2] && a[i - 2] === y) value = Math.min(value, (prevPrev[j - 2] ?? 0) + 1);
      row.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] ?? limit + 1;
}

const correctionCache = new Map<string, string | null>();
const correctionCacheLimit = 20_000;

/** The key term a (possibly misheard) word stands for, or null. Same first letter, one or two edits away. */
export function correctKeyTerm(word: string): string | null {
  if (word.length < 5 || keyTermSet.has(word) || protectedWords.has(word)) {
    return keyTermSet.has(word) ? word : null;
  }
  const cached = correctionCache.get(word);
  if (cached !== undefined) return cached;
  const limit = word.length >= 9 ? 2 : word.length >= 7 ? 1.5 : 1;
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const term of keyTermsByInitial.get(word[0] ?? '') ?? []) {
    const distance = editDistance(word, term, limit);
    if (distance < bestDistance) {
      best = term;
      bestDistance = distance;
    }
  }
  if (correctionCache.size >= correctionCacheLimit) correctionCache.clear();
  correctionCache.set(word, best);
  return best;
}

/** Spoken forms of the digits, used to recognise read-out codes and amounts. */
export const numberWords: ReadonlySet<string> = new Set([
  ...ones,
  ...tens.filter((t) => t !== ''),
  'hundred',
  'thousand',
  'million',
  'oh',
  'nought',
  'double',
  'triple',
]);

/**
 * Normalises one utterance: lower case, no punctuation, digits as words, contractions expanded, fillers and
 * stutters dropped, spelled-out letters joined ("t s b" → "tsb"), split and misheard key terms repaired.
 */
export function normalizeText(text: string): string {
  let s = text.toLowerCase();
  // Most steps only apply to some text (speech-recognition output has no digits or apostrophes): test first.
  if (hasQuote.test(s)) s = s.replace(/[’‘`´]/g, "'");
  if (hasDigit.test(s)) {
    s = s.replace(/([£$])\s?(\d[\d,]*)(?:\.\d+)?/g, (_match, currency: string, amount: string) => {
      const value = Number(amount.replace(/,/g, ''));
      return ` ${numberToWords(value)} ${currency === '£' ? 'pounds' : 'dollars'} `;
    });
    s = s.replace(/(\d)\s?k\b/g, '$1 thousand');
    s = digitsToWords(s);
  }
  if (s.includes("'")) s = s.replace(contraction, (match) => contractions[match] ?? match);
  // Words are the runs of a-z and 0-9 (anything else separates them); fillers and stutters ("the the") drop out.
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    const token = s.slice(start, i);
    start = -1;
    if (fillers.has(token)) continue;
    if (tokens[tokens.length - 1] === token && token.length > 1 && !numberWords.has(token)) continue;
    tokens.push(token);
  }
  return repairTokens(tokens).join(' ');
}

const hasQuote = /[’‘`´]/;
const hasDigit = /\d/;
const contraction = /n't\b|'ll\b|'re\b|'ve\b|'m\b|'d\b|'s\b/g;
const contractions: Readonly<Record<string, string>> = {
  "n't": 'nt',
  "'ll": ' will',
  "'re": ' are',
  "'ve": ' have',
  "'m": ' am',
  "'d": ' would',
  "'s": 's',
};

function isLetter(token: string | undefined): boolean {
  return token !== undefined && token.length === 1 && token >= 'a' && token <= 'z';
}

/**
 * Words never half of a split key term: joining them made "cash for me" into "cashier me" and "pin to" into a
 * near-miss of a key term. A recogniser splits content words ("re fund", "cash ear", "any desk"), not these.
 */
const pairStopWords: ReadonlySet<string> = new Set([
  // "office i will" was joined into "officei", a near miss of "officer".
  'i',
  'a',
  'for',
  'the',
  'to',
  'and',
  'in',
  'on',
  'at',
  'of',
  'it',
  'me',
  'you',
  'your',
  'my',
  'an',
  'is',
  'was',
  'with',
  'from',
  'out',
  'off',
  'up',
  'now',
  'then',
  'that',
  'this',
  'there',
  'here',
  'be',
  'do',
  'we',
  'us',
  'they',
  'he',
  'she',
  'him',
  'her',
  'our',
  'are',
  'or',
  'so',
  'as',
  'if',
  'by',
  'will',
  'can',
  'not',
  'all',
]);

function repairTokens(tokens: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] ?? '';
    // Spelled-out letters: "h m r c" → "hmrc"; a lone "a" or "i" only joins in the middle of a run.
    if (isLetter(token) && token !== 'a' && token !== 'i' && isLetter(tokens[i + 1])) {
      let j = i;
      let joined = '';
      while (isLetter(tokens[j])) {
        joined += tokens[j];
        j++;
      }
      out.push(joined);
      i = j;
      continue;
    }
    const next = tokens[i + 1];
    if (
      next !== undefined &&
      token.length + next.length >= 6 &&
      !numberWords.has(token) &&
      !numberWords.has(next) &&
      !pairStopWords.has(token) &&
      !pairStopWords.has(next) &&
      !protectedWords.has(token) &&
      !protectedWords.has(next)
    ) {
      const pair = `${token}${next}`;
      const fixed = keyTermSet.has(pair) ? pair : pair.length >= 7 ? correctKeyTerm(pair) : null;
      if (fixed !== null && !keyTermSet.has(token) && !keyTermSet.has(next)) {
        out.push(fixed);
        i += 2;
        continue;
      }
    }
    out.push(correctKeyTerm(token) ?? token);
    i++;
  }
  return out;
}

/** Crude suffix stripping so that "couriers", "collecting", "collected" share a feature. */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies') && word.length > 5) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('ly') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('es') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
