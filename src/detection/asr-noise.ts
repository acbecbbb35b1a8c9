/**
 * A deterministic, seeded transform that makes tidy transcript text look like speech-recognition output: lower
 * case, no punctuation, digits as words, fillers, acronyms spelled out, and some words misheard. Used by `eval` (to
 * report figures on ASR-style text), by tests, and by the trainer (so the model sees noisy text).
 *
 * @example
 * const noise = createAsrNoise(7);
 * noise('Call 999 now, DC Hughes.'); // e.g. 'call nine nine nine now um d c hughes'
 */
import { digitsToWords, numberToWords } from './text-normalizer.js';

/** mulberry32: a small, fast, seedable PRNG (same sequence on every platform). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fillerWords = ['um', 'uh', 'er', 'like', 'you know', 'so', 'erm', 'i mean'] as const;

/** Plausible mishearings: sound-alike words and splits a recogniser produces. */
const mishearings: Readonly<Record<string, readonly string[]>> = {
  courier: ['currier', 'carrier', 'courtier'],
  fraud: ['frord', 'fraught'],
  police: ['please', 'pleece'],
  pin: ['pen', 'pinch', 'pain'],
  account: ['a count', 'count'],
  evidence: ['evident', 'eva dance'],
  voucher: ['voter', 'butcher'],
  vouchers: ['voters', 'butchers'],
  refund: ['re fund', 'reef und'],
  envelope: ['in velope', 'and low', 'envelop'],
  detective: ['detected', 'defective'],
  constable: ['constant bull', 'cons table'],
  officer: ['office sir', 'offices'],
  cashier: ['cash ear', 'cash year'],
  password: ['pass word', 'past word'],
  passcode: ['past code', 'pass code'],
  withdraw: ['with draw', 'with drawer'],
  gift: ['gif', 'give'],
  cards: ['cars', 'cuts'],
  card: ['car', 'cod'],
  security: ['secure tea', 'security'],
  sort: ['sore', 'salt'],
  warrant: ['warren', 'war rant'],
  arrested: ['a rested', 'arrest it'],
  solicitor: ['so lister', 'solicit her'],
  investigation: ['investigate shun', 'invest a gay shun'],
  santander: ['santa ander', 'santa under'],
  barclays: ['bark lays', 'bar clays'],
  computer: ['compute her', 'come pewter'],
  remote: ['re mote', 'remove'],
  amazon: ['amazin', 'am a zone'],
  social: ['so shall', 'social'],
  bank: ['bang', 'bank'],
  cash: ['cast', 'catch'],
  money: ['many', 'monday'],
  transfer: ['trans fur', 'transfers'],
  safe: ['save', 'say'],
  secret: ['secrets', 'see cret'],
  bail: ['bale', 'bell'],
  code: ['cold', 'coat'],
  download: ['down load', 'down loud'],
  hmrc: ['h m r c', 'h m r see'],
  metropolitan: ['metro pollen', 'metro politan'],
  jeweller: ['jeweler', 'jew ler'],
  bitcoin: ['bit coin', 'big coin'],
};

export interface AsrNoiseOptions {
  /** Probability that a word with a known mishearing is misheard. */
  readonly mishearRate?: number;
  /** Probability of a filler after each word. */
  readonly fillerRate?: number;
  /** Probability that a word is dropped. */
  readonly dropRate?: number;
}

/** Returns a transform whose output depends only on the seed and the sequence of inputs. */
export function createAsrNoise(seed: number, options: AsrNoiseOptions = {}): (text: string) => string {
  const random = seededRandom(seed);
  const mishearRate = options.mishearRate ?? 0.3;
  const fillerRate = options.fillerRate ?? 0.05;
  const dropRate = options.dropRate ?? 0.02;
  return (text: string) => {
    // Acronyms are spoken letter by letter ("HMRC" → "h m r c") before case is lost.
    let s = text.replace(/\b[A-Z]{2,4}\b/g, (acronym) =>
      random() < 0.5 ? acronym.toLowerCase().split('').join(' ') : acronym,
    );
    s = s.replace(/([£$])\s?(\d[\d,]*)(?:\.\d+)?/g, (_m, currency: string, amount: string) => {
      return ` ${numberToWords(Number(amount.replace(/,/g, '')))} ${currency === '£' ? 'pounds' : 'dollars'} `;
    });
    s = digitsToWords(s.toLowerCase())
      .replace(/[’‘]/g, "'")
      .replace(/[^a-z' ]+/g, ' ')
      .replace(/(^| )'+|'+( |$)/g, ' ');
    const out: string[] = [];
    for (const word of s.split(' ')) {
      if (word === '') continue;
      if (random() < dropRate) continue;
      const options = mishearings[word];
      out.push(options && random() < mishearRate ? (options[Math.floor(random() * options.length)] ?? word) : word);
      if (random() < fillerRate) out.push(fillerWords[Math.floor(random() * fillerWords.length)] ?? 'um');
    }
    return out.join(' ');
  };
}

/** An ASR-style copy of a list of turns (same speakers), deterministic for a given seed. */
export function asrVariant<T extends { text: string }>(turns: readonly T[], seed: number): T[] {
  const noise = createAsrNoise(seed);
  return turns.map((turn) => ({ ...turn, text: noise(turn.text) }));
}
