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

/**
 * Everyday words a small recogniser (pocketsphinx on 8 kHz telephone audio) swaps for a similar-sounding one. Used
 * only with `soundAlikeRate` > 0, so that the default ASR-style text of `eval` stays as it was.
 */
const soundAlikes: Readonly<Record<string, readonly string[]>> = {
  the: ['a', 'to', 'there'],
  to: ['the', 'two', 'do'],
  you: ['ya', 'do', 'yeah'],
  your: ['you', 'or', 'yeah'],
  and: ['in', 'an', 'at'],
  thank: ['think', 'tank'],
  thanks: ['things', 'tanks'],
  goodbye: ['good by', 'go by', 'you buy'],
  bye: ['by', 'buy', 'mind'],
  mind: ['mine', 'mined'],
  right: ['write', 'read', 'ride'],
  okay: ['ok', 'oh', 'okey'],
  yes: ['yet', 'yeah', 's'],
  no: ['know', 'now'],
  see: ['sea', 'she'],
  tuesday: ['choose day', 'tuesdays'],
  appointment: ['a point meant', 'appointments'],
  morning: ['mourning', 'more in'],
  number: ['numb her', 'number'],
  call: ['cool', 'cold'],
  ring: ['bring', 'rang'],
  read: ['red', 'reed'],
  ready: ['read he', 'red'],
  great: ['grate', 'credit'],
  good: ['could', 'god'],
  confirm: ['come from', 'conform'],
  verify: ['very fine', 'verified'],
  check: ['cheque', 'chick'],
  give: ['gift', 'given'],
  get: ['got', 'go'],
  go: ['no', 'oh'],
  will: ['well', 'we'],
  we: ['will', 'he'],
  just: ['adjust', 'chest'],
  lovely: ['love lee', 'lovely'],
  fine: ['find', 'vine'],
  time: ['tie', 'dime'],
  there: ['their', 'the'],
  have: ['of', 'half'],
  for: ['four', 'far'],
  "don't": ['do not', 'done'],
  "i'll": ['all', 'ill'],
  "it's": ['is', 'its'],
};

export interface AsrNoiseOptions {
  /** Probability that a word with a known mishearing is misheard. */
  readonly mishearRate?: number;
  /** Probability of a filler after each word. */
  readonly fillerRate?: number;
  /** Probability that a word is dropped. */
  readonly dropRate?: number;
  /** Probability that an everyday word is swapped for a similar-sounding one (`soundAlikes`). Default 0. */
  readonly soundAlikeRate?: number;
  /**
   * Probability that only a short run of the utterance survives (the recogniser caught a fragment: the start or end
   * was cut by voice detection, or the rest was silence to it). Default 0.
   */
  readonly truncateRate?: number;
  /** The longest run of words a truncated utterance keeps (at least 1). Default 4. */
  readonly truncateWords?: number;
}

/**
 * A real small recogniser on telephone audio (pocketsphinx at 8 kHz): many words dropped or swapped for similar
 * sounds, and often only a fragment of the utterance ("go read the", "verified", "you don't mind"). The trainer
 * calibrates the model on it and the tests check that such fragments of innocent speech never alert.
 */
export const recognizerNoise: AsrNoiseOptions = Object.freeze({
  mishearRate: 0.5,
  fillerRate: 0.05,
  dropRate: 0.15,
  soundAlikeRate: 0.25,
  truncateRate: 0.35,
  truncateWords: 4,
});

/** Returns a transform whose output depends only on the seed and the sequence of inputs. */
export function createAsrNoise(seed: number, options: AsrNoiseOptions = {}): (text: string) => string {
  const random = seededRandom(seed);
  const mishearRate = options.mishearRate ?? 0.3;
  const fillerRate = options.fillerRate ?? 0.05;
  const dropRate = options.dropRate ?? 0.02;
  const soundAlikeRate = options.soundAlikeRate ?? 0;
  const truncateRate = options.truncateRate ?? 0;
  const truncateWords = Math.max(1, options.truncateWords ?? 4);
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
      let heard = options && random() < mishearRate ? (options[Math.floor(random() * options.length)] ?? word) : word;
      // The new kinds of noise draw from the generator only when asked for, so default output is unchanged.
      if (soundAlikeRate > 0 && heard === word) {
        const alikes = soundAlikes[word];
        if (alikes && random() < soundAlikeRate) heard = alikes[Math.floor(random() * alikes.length)] ?? word;
      }
      out.push(heard);
      if (random() < fillerRate) out.push(fillerWords[Math.floor(random() * fillerWords.length)] ?? 'um');
    }
    if (truncateRate > 0 && out.length > 1 && random() < truncateRate) {
      const keep = 1 + Math.floor(random() * Math.min(truncateWords, out.length));
      const from = Math.floor(random() * (out.length - keep + 1));
      return out.slice(from, from + keep).join(' ');
    }
    return out.join(' ');
  };
}

/** An ASR-style copy of a list of turns (same speakers), deterministic for a given seed. */
export function asrVariant<T extends { text: string }>(turns: readonly T[], seed: number): T[] {
  const noise = createAsrNoise(seed);
  return turns.map((turn) => ({ ...turn, text: noise(turn.text) }));
}

/**
 * Fragments as a small recogniser leaves them: for each of `seeds` noise seeds, a 1–4 word fragment of the sentence
 * (when anything is left) and the whole sentence heavily garbled. Innocent speech fed like this as one recording is
 * the stress test of the garbled-speech tests and of the trainer's recording threshold.
 */
export function recognizerFragments(sentence: string, seeds: number): string[] {
  const out: string[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const fragment = createAsrNoise(seed * 101, { ...recognizerNoise, truncateRate: 1 })(sentence);
    if (fragment !== '') out.push(fragment);
    out.push(createAsrNoise(seed * 103, { ...recognizerNoise, truncateRate: 0 })(sentence));
  }
  return out;
}
