/**
 * The learned part of the detector: hashed word, word-pair and character features of one normalised utterance,
 * scored by small logistic-regression heads (one "this sounds like a scam turn" head and one per stage). Weights are
 * trained by `scripts/train-detector.ts`, shipped as int8-quantised base64 in JSON, validated and frozen on load.
 *
 * @example
 * const model = parseDetectorModel(JSON.parse(text));
 * const scores = scoreTurn(model, featurize(normalizeText('please read me the code we sent'), model.hashBits));
 * scores.scam; // probability-like 0..1
 */
import { z } from 'zod';
import { type Stage, stages } from './stages.js';
import { numberWords, stem } from './text-normalizer.js';

/**
 * Heads of the turn model, in weight order: "this sounds like a scam turn", one per stage (taught by the rules), and
 * `ask`: "this turn asks for something harmful", taught by the annotated first-ask turns of the hand-written calls,
 * so it learns the paraphrases no rule names ("three thousand would be enough, same as before, the officer will
 * collect").
 */
export const turnHeads = ['scam', ...stages, 'ask'] as const;
export type TurnHead = (typeof turnHeads)[number];

/** Inputs of the call-level evidence combiner, in weight order (built by `call-detector.ts`). */
export const evidenceNames = [
  'certain-ask',
  ...stages.map((s) => `rule:${s}` as const),
  ...stages.map((s) => `model:${s}` as const),
  'model:ask',
  'scam-max',
  'scam-top3',
  'scam-turns',
  'stage-count',
  'safety-advice',
  'caller-turns',
  'escalated-ask',
] as const;
export type EvidenceName = (typeof evidenceNames)[number];

const headSchema = z.object({ bias: z.number(), scale: z.number().positive(), weights: z.string() });

export const detectorModelSchema = z.object({
  // 2: features scaled by 1/sqrt(max(count, minFeatureCount)) with length features for short turns; a model trained
  // on format 1's features would score differently, so it is refused rather than misread.
  // 3: the `ask` head and its `model:ask` evidence; secrecy and pressure weighed with the scam context they come in.
  format: z.literal('callwarden-detector/3'),
  hashBits: z.number().int().min(10).max(20),
  heads: z.object(Object.fromEntries(turnHeads.map((h) => [h, headSchema])) as Record<TurnHead, typeof headSchema>),
  combiner: z.object({ bias: z.number(), weights: z.array(z.number()).length(evidenceNames.length) }),
  thresholds: z.object({
    warn: z.number().min(0).max(1),
    alert: z.number().min(0).max(1),
    end: z.number().min(0).max(1),
    /**
     * A risk this high alerts on its own in a recording: the caller has spoken at least twice and no one has answered
     * in words (a recorded message, or a recording with speakers merged). Set by the trainer under the same
     * false-positive budget; absent in older files (then `defaultRecordingThreshold`).
     */
    recording: z.number().min(0).max(1).optional(),
  }),
  trainedAt: z.string().optional(),
  trainingSummary: z.record(z.string(), z.unknown()).optional(),
});
export type DetectorModelFile = z.infer<typeof detectorModelSchema>;

/** A loaded, immutable model shared by every call. */
export interface DetectorModel {
  readonly hashBits: number;
  /**
   * Interleaved int8 weights as stored in the file (index `bucket * heads + head`); a head's weight is its value times
   * `scales[head]`. Kept as bytes: a quarter of the memory of floats, so a turn's lookups mostly hit the cache.
   */
  readonly weights: Int8Array;
  /** Per head (in `turnHeads` order): the factor from stored byte to weight. */
  readonly scales: Float64Array;
  readonly biases: Readonly<Record<TurnHead, number>>;
  readonly combiner: { readonly bias: number; readonly weights: readonly number[] };
  readonly thresholds: {
    readonly warn: number;
    readonly alert: number;
    readonly end: number;
    readonly recording: number;
  };
}

/** The recording threshold of a model file that has none: the near-certain risk every call alerts at on its own. */
export const defaultRecordingThreshold = 0.9;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Encodes int8 weights (the trainer's half of `parseDetectorModel`). */
export function encodeHead(weights: Float32Array | number[]): { scale: number; weights: string } {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 127 : 1;
  let binary = '';
  for (const w of weights) {
    const q = Math.max(-127, Math.min(127, Math.round(w / scale)));
    binary += String.fromCharCode(q & 0xff);
  }
  return { scale, weights: btoa(binary) };
}

/** Validates a model file's JSON and builds the frozen in-memory model; throws with the zod message when wrong. */
export function parseDetectorModel(json: unknown): DetectorModel {
  const file = detectorModelSchema.parse(json);
  const buckets = 1 << file.hashBits;
  const weights = new Int8Array(buckets * turnHeads.length);
  const scales = new Float64Array(turnHeads.length);
  const biases = {} as Record<TurnHead, number>;
  turnHeads.forEach((head, h) => {
    const spec = file.heads[head];
    const bytes = decodeBase64(spec.weights);
    if (bytes.length !== buckets) throw new Error(`head '${head}': expected ${buckets} weights, got ${bytes.length}`);
    const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let b = 0; b < buckets; b++) weights[b * turnHeads.length + h] = signed[b] ?? 0;
    scales[h] = spec.scale;
    biases[head] = spec.bias;
  });
  return Object.freeze({
    hashBits: file.hashBits,
    weights,
    scales,
    biases: Object.freeze(biases),
    combiner: Object.freeze({ bias: file.combiner.bias, weights: Object.freeze([...file.combiner.weights]) }),
    thresholds: Object.freeze({
      warn: file.thresholds.warn,
      alert: file.thresholds.alert,
      end: file.thresholds.end,
      recording: file.thresholds.recording ?? defaultRecordingThreshold,
    }),
  });
}

const fnvOffset = 0x811c9dc5;

/** 32-bit FNV-1a over `text[from..to)`, continuing from `h` (so features hash without building strings). */
function fnv(h: number, text: string): number {
  let x = h;
  for (let i = 0; i < text.length; i++) {
    x ^= text.charCodeAt(i);
    x = Math.imul(x, 0x01000193);
  }
  return x >>> 0;
}

const wordSeed = fnv(fnvOffset, 'w ');
const pairSeed = fnv(fnvOffset, 'b ');
const charSeed = fnv(fnvOffset, 'c ');
const shortSeed = fnv(fnvOffset, 'n ');
/** Utterances of at most this many words also carry a feature for their length. */
const shortTurnWords = 5;
const shortFeatureCopies = 3;

/** Hashed sparse features of a normalised utterance: bucket indices (may repeat) and one shared value. */
export interface TurnFeatures {
  readonly buckets: Uint32Array;
  readonly value: number;
}

const emptyFeatures: TurnFeatures = { buckets: new Uint32Array(0), value: 0 };

/**
 * Features are scaled by 1/sqrt(max(count, this)). Plain 1/sqrt(count) gives the few features of a two-word fragment
 * ("verified", "go read the") the same total weight as a whole sentence, so one word the model liked decided the
 * turn; with the floor a fragment's score stays near the head's prior, as the little it says deserves. About a
 * four-word sentence's worth of features.
 */
export const minFeatureCount = 20;

/**
 * Features: stemmed words, word pairs, and character 4-grams of each word (which survive mishearings such as
 * "currier"); every spoken number becomes one token so "four digit" and "six digit" look alike.
 */
export function featurize(normalized: string, hashBits: number): TurnFeatures {
  if (normalized.length === 0) return emptyFeatures;
  const out: number[] = [];
  writeBuckets(normalized, (1 << hashBits) - 1, out);
  return { buckets: new Uint32Array(out), value: featureValue(out.length) };
}

function featureValue(count: number): number {
  return 1 / Math.sqrt(Math.max(count, minFeatureCount));
}

/** FNV-1a of characters `from`..`from + 3` of `<word>` (the word with its boundary marks), without building it. */
function charGramHash(word: string, from: number): number {
  let x = charSeed;
  const last = word.length + 1;
  for (let j = from; j < from + 4; j++) {
    x ^= j === 0 ? 60 : j === last ? 62 : word.charCodeAt(j - 1);
    x = Math.imul(x, 0x01000193);
  }
  return x >>> 0;
}

/** Appends the bucket of every feature of a non-empty normalised utterance to `out` (see `featurize`). */
function writeBuckets(normalized: string, mask: number, out: number[]): void {
  const words = normalized.split(' ');
  // The pair feature hashes "previous word, space, word": the first part is carried from the previous word.
  let pairPrefix = fnv(fnv(pairSeed, '^'), ' ');
  for (const raw of words) {
    const word = numberWords.has(raw) ? '#' : stem(raw);
    out.push(fnv(wordSeed, word) & mask);
    out.push(fnv(pairPrefix, word) & mask);
    pairPrefix = fnv(fnv(pairSeed, word), ' ');
    if (word.length >= 4) for (let i = 0; i + 4 <= word.length + 2; i++) out.push(charGramHash(word, i) & mask);
  }
  out.push(fnv(pairPrefix, '$') & mask);
  // How short the utterance is, as a feature of its own (a few copies, so its weight need not be large): a fragment
  // of one to five words is what a recogniser leaves of most speech, and the model learns what that is worth
  // instead of scoring it at its prior.
  if (words.length <= shortTurnWords) {
    const lengthSeed = fnv(shortSeed, String(words.length));
    for (let copy = 0; copy < shortFeatureCopies; copy++) out.push(fnv(lengthSeed, String(copy)) & mask);
  }
}

/** Scratch of `utteranceLogits` (scoring is synchronous: one utterance at a time). */
const scratchBuckets: number[] = [];
const scratchLogits = new Float64Array(turnHeads.length);

/**
 * Raw log-odds of each head for one normalised utterance: `turnLogits(model, featurize(normalized, …))` without
 * allocating. The array returned is reused by the next call: read it before scoring another utterance.
 */
export function utteranceLogits(model: DetectorModel, normalized: string): Float64Array {
  scratchBuckets.length = 0;
  if (normalized.length > 0) writeBuckets(normalized, (1 << model.hashBits) - 1, scratchBuckets);
  return logitsInto(model, scratchBuckets, featureValue(scratchBuckets.length), scratchLogits, normalized.length > 0);
}

export type TurnScores = Readonly<Record<TurnHead, number>>;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Raw log-odds of each head for one utterance's features. */
export function turnLogits(model: DetectorModel, features: TurnFeatures): Float64Array {
  return logitsInto(model, features.buckets, features.value, new Float64Array(turnHeads.length), true);
}

function logitsInto(
  model: DetectorModel,
  buckets: ArrayLike<number>,
  value: number,
  sums: Float64Array,
  hasWords: boolean,
): Float64Array {
  const heads = turnHeads.length;
  // Integer sums of the stored bytes, scaled once per head at the end (exact: at most a few hundred bytes are added).
  sums.fill(0);
  const { weights, scales } = model;
  for (let i = 0; i < buckets.length; i++) {
    const base = (buckets[i] as number) * heads;
    for (let h = 0; h < heads; h++) sums[h] = (sums[h] as number) + (weights[base + h] as number);
  }
  for (let h = 0; h < heads; h++) {
    sums[h] =
      (hasWords ? (sums[h] as number) * (scales[h] as number) * value : 0) + model.biases[turnHeads[h] as TurnHead];
  }
  return sums;
}

/** Probability of each head for one utterance's features. */
export function scoreTurn(model: DetectorModel, features: TurnFeatures): TurnScores {
  const logits = turnLogits(model, features);
  const scores = {} as Record<TurnHead, number>;
  turnHeads.forEach((head, h) => {
    scores[head] = sigmoid(logits[h] ?? 0);
  });
  return scores;
}

export function stageHeadIndex(stage: Stage): number {
  return turnHeads.indexOf(stage);
}
