/**
 * Metrics of the detector on labelled calls: recall, false-positive rate, how often the alert comes at or before
 * the first harmful ask, the median alert turn relative to that ask, and a breakdown per call type. `evaluateCalls`
 * runs them on the text as given and on an ASR-style variant (`asr-noise.ts`, fixed seed).
 *
 * @example
 * const { tidy, asr } = evaluateCalls(model, calls);
 * tidy.recall; // e.g. 0.97
 */
import { asrVariant } from './asr-noise.js';
import { analyzeCall, type Turn } from './call-detector.js';
import type { DetectorModel } from './turn-classifier.js';

export interface LabelledCall {
  readonly id: string;
  readonly label?: 'scam' | 'legitimate' | undefined;
  readonly type?: string | undefined;
  readonly firstAskTurn?: number | null | undefined;
  readonly turns: readonly Turn[];
}

export interface CallOutcome {
  readonly id: string;
  readonly label: 'scam' | 'legitimate';
  readonly type: string;
  readonly firstAskTurn: number | null;
  readonly alertTurn: number | null;
}

export interface TypeFigures {
  readonly label: 'scam' | 'legitimate';
  readonly calls: number;
  readonly flagged: number;
  /** Recall for scam types, false-positive rate for legitimate ones. */
  readonly rate: number;
}

export interface EvalSummary {
  readonly calls: number;
  readonly scams: number;
  readonly legitimate: number;
  /** Share of scams alerted (null without scams). */
  readonly recall: number | null;
  /** Share of legitimate calls alerted (null without legitimate calls). */
  readonly falsePositiveRate: number | null;
  /** Scams with a known first ask. */
  readonly withAskTurn: number;
  /** Share of those alerted at or before the first ask (null when none is annotated). */
  readonly alertedByFirstAsk: number | null;
  /** Median of alertTurn − firstAskTurn over alerted scams with a known first ask (negative = earlier). */
  readonly medianAlertVsAsk: number | null;
  readonly byType: Readonly<Record<string, TypeFigures>>;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Summarises outcomes of labelled calls. */
export function summarize(outcomes: readonly CallOutcome[]): EvalSummary {
  const scams = outcomes.filter((o) => o.label === 'scam');
  const legit = outcomes.filter((o) => o.label === 'legitimate');
  const withAsk = scams.filter((o) => o.firstAskTurn !== null);
  const early = withAsk.filter((o) => o.alertTurn !== null && o.alertTurn <= (o.firstAskTurn ?? -1));
  const deltas = withAsk.flatMap((o) => (o.alertTurn === null ? [] : [o.alertTurn - (o.firstAskTurn ?? 0)]));
  const byType: Record<string, { label: 'scam' | 'legitimate'; calls: number; flagged: number; rate: number }> = {};
  for (const o of outcomes) {
    const entry = byType[o.type] ?? { label: o.label, calls: 0, flagged: 0, rate: 0 };
    entry.calls++;
    if (o.alertTurn !== null) entry.flagged++;
    entry.rate = entry.flagged / entry.calls;
    byType[o.type] = entry;
  }
  const share = (n: number, d: number) => (d === 0 ? null : n / d);
  return {
    calls: outcomes.length,
    scams: scams.length,
    legitimate: legit.length,
    recall: share(scams.filter((o) => o.alertTurn !== null).length, scams.length),
    falsePositiveRate: share(legit.filter((o) => o.alertTurn !== null).length, legit.length),
    withAskTurn: withAsk.length,
    alertedByFirstAsk: share(early.length, withAsk.length),
    medianAlertVsAsk: median(deltas),
    byType,
  };
}

/** Runs the detector over labelled calls; calls without a label are skipped. */
export function outcomesOf(model: DetectorModel, calls: readonly LabelledCall[]): CallOutcome[] {
  return calls.flatMap((call) => {
    if (call.label === undefined) return [];
    const { alertTurn } = analyzeCall(model, call.turns);
    return [
      {
        id: call.id,
        label: call.label,
        type: call.type ?? call.label,
        firstAskTurn: call.firstAskTurn ?? null,
        alertTurn,
      },
    ];
  });
}

/** Fixed seed of the ASR-style variant, so `eval` figures are reproducible. */
export const evalAsrSeed = 20240611;

/** Per-call outcomes on the text as given and on its ASR-style variant (the i-th call's noise seeded `seed + i`). */
export function outcomesTidyAndAsr(
  model: DetectorModel,
  calls: readonly LabelledCall[],
  seed = evalAsrSeed,
): { tidy: CallOutcome[]; asr: CallOutcome[] } {
  const noisy = calls.map((call, i) => ({ ...call, turns: asrVariant(call.turns, seed + i) }));
  return { tidy: outcomesOf(model, calls), asr: outcomesOf(model, noisy) };
}

/** Figures on the text as given and on its ASR-style variant. */
export function evaluateCalls(
  model: DetectorModel,
  calls: readonly LabelledCall[],
  seed = evalAsrSeed,
): { tidy: EvalSummary; asr: EvalSummary } {
  const { tidy, asr } = outcomesTidyAndAsr(model, calls, seed);
  return { tidy: summarize(tidy), asr: summarize(asr) };
}
