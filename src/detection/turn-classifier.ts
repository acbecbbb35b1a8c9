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
  }),
  trainedAt: z.string().optional(),
  trainingSummary: z.record(z.string(), z.unknown()).optional(),
});
export type DetectorModelFile = z.infer<typeof detectorModelSchema>;

/** A loaded, immutable model shared by every call. */
export interface DetectorModel {
  readonly hashBits: number;
  /** Interleaved weights: index `bucket * heads + head`. */
  readonly weights: Float32Array;
  readonly biases: Readonly<Record<TurnHead, number>>;
  readonly combiner: { readonly bias: number; readonly weights: readonly number[] };
  readonly thresholds: { readonly warn: number; readonly alert: number; readonly end: number };
}

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
  const weights = new Float32Array(buckets * turnHeads.length);
  const biases = {} as Record<TurnHead, number>;
  turnHeads.forEach((head, h) => {
    const spec = file.heads[head];
    const bytes = decodeBase64(spec.weights);
    if (bytes.length !== buckets) throw new Error(`head '${head}': expected ${buckets} weights, got ${bytes.length}`);
    const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let b = 0; b < buckets; b++) weights[b * turnHeads.length + h] = (signed[b] ?? 0) * spec.scale;
    biases[head] = spec.bias;
  });
  return Object.freeze({
    hashBits: file.hashBits,
    weights,
    biases: Object.freeze(biases),
    combiner: Object.freeze({ bias: file.combiner.bias, weights: Object.freeze([...file.combiner.weights]) }),
    thresholds: Object.freeze({ ...file.thresholds }),
  });
}

const fnvOffset = 0x811c9dc5;

/** 32-bit FNV-1a over `text[from..to)`, continuing from `h` (so features hash without building strings). */
function fnv(h: number, text: string, from = 0, to = text.length): number {
  let x = h;
  for (let i = from; i < to; i++) {
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
  const mask = (1 << hashBits) - 1;
  const words = normalized.split(' ');
  const out: number[] = [];
  let previous = '^';
  for (const raw of words) {
    const word = numberWords.has(raw) ? '#' : stem(raw);
    out.push(fnv(wordSeed, word) & mask);
    out.push(fnv(fnv(fnv(pairSeed, previous), ' '), word) & mask);
    previous = word;
    if (word.length >= 4) {
      const padded = `<${word}>`;
      for (let i = 0; i + 4 <= padded.length; i++) out.push(fnv(charSeed, padded, i, i + 4) & mask);
    }
  }
  out.push(fnv(fnv(fnv(pairSeed, previous), ' '), '$') & mask);
  // How short the utterance is, as a feature of its own (a few copies, so its weight need not be large): a fragment
  // of one to five words is what a recogniser leaves of most speech, and the model learns what that is worth
  // instead of scoring it at its prior.
  if (words.length <= shortTurnWords) {
    const lengthSeed = fnv(shortSeed, String(words.length));
    for (let copy = 0; copy < shortFeatureCopies; copy++) out.push(fnv(lengthSeed, String(copy)) & mask);
  }
  return { buckets: Uint32Array.from(out), value: 1 / Math.sqrt(Math.max(out.length, minFeatureCount)) };
}

export type TurnScores = Readonly<Record<TurnHead, number>>;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Raw log-odds of each head for one utterance's features. */
export function turnLogits(model: DetectorModel, features: TurnFeatures): Float64Array {
  const heads = turnHeads.length;
  const sums = new Float64Array(heads);
  const { weights } = model;
  for (let i = 0; i < features.buckets.length; i++) {
    const base = (features.buckets[i] ?? 0) * heads;
    for (let h = 0; h < heads; h++) sums[h] = (sums[h] ?? 0) + (weights[base + h] ?? 0);
  }
  turnHeads.forEach((head, h) => {
    sums[h] = (sums[h] ?? 0) * features.value + model.biases[head];
  });
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
