/**
 * The detector's figures on every labelled call set at hand, in one table (`npm run eval:detector`): the shared data's
 * test and eval-only files (when `../shared/data` is beside the checkout; skipped with a note when it is not) and the
 * project's own held-out calls in `eval/holdout/` (written independently of the training calls, never trained on).
 * Each set is measured on the text as given ("tidy") and on its ASR-style variant, as `callwarden eval` does.
 *
 * Options: --model FILE (default models/detector/detector-model.json), --data DIR (default ../shared/data),
 * --misses (list the ids of missed scams and alerted legitimate calls of the holdout sets only: eval-only calls are
 * measured, never inspected), --sealed (also measure `eval/holdout/sealed-*.jsonl`: sets kept for the final figures,
 * measured once work on the detector is done, never inspected).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outcomesTidyAndAsr, summarize } from '../src/detection/evaluation.js';
import { parseCallFile } from '../src/detection/transcript.js';
import { parseDetectorModel } from '../src/detection/turn-classifier.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}
const modelFile = resolve(option('model', join(root, 'models', 'detector', 'detector-model.json')));
const dataDir = resolve(option('data', join(root, '..', 'shared', 'data')));
const showMisses = process.argv.includes('--misses');

const model = parseDetectorModel(JSON.parse(readFileSync(modelFile, 'utf8')));

const sets: { name: string; file: string; inspect: boolean }[] = [];
const callsDir = join(dataDir, 'calls');
if (existsSync(callsDir)) {
  for (const name of ['dev-uk', 'bothbosu-single-test', 'bothbosu-multi-test']) {
    sets.push({ name, file: join(callsDir, `${name}.jsonl`), inspect: false });
  }
  const evalOnly = join(callsDir, 'eval-only');
  if (existsSync(evalOnly)) {
    for (const name of readdirSync(evalOnly)
      .filter((n) => n.endsWith('.jsonl'))
      .sort()) {
      sets.push({ name: `eval-only/${basename(name, '.jsonl')}`, file: join(evalOnly, name), inspect: false });
    }
  }
} else {
  process.stderr.write(`eval-detector: ${callsDir} not found; measuring the project's own held-out calls only\n`);
}
const holdoutDir = join(root, 'eval', 'holdout');
const includeSealed = process.argv.includes('--sealed');
for (const name of readdirSync(holdoutDir)
  .filter((n) => n.endsWith('.jsonl') && (includeSealed || !n.startsWith('sealed-')))
  .sort()) {
  sets.push({ name: `holdout/${basename(name, '.jsonl')}`, file: join(holdoutDir, name), inspect: true });
}

const pct = (x: number | null) => (x === null ? '     —' : `${(x * 100).toFixed(1).padStart(5)}%`);
console.log(`${'set'.padEnd(34)} ${'calls'.padStart(5)}   tidy: recall   FPR  early  | ASR-style: recall   FPR  early`);
for (const set of sets) {
  const calls = parseCallFile(readFileSync(set.file, 'utf8'), set.file);
  const { tidy: tidyOutcomes, asr: asrOutcomes } = outcomesTidyAndAsr(model, calls);
  const tidy = summarize(tidyOutcomes);
  const asr = summarize(asrOutcomes);
  console.log(
    `${set.name.padEnd(34)} ${String(calls.length).padStart(5)}   ${pct(tidy.recall)} ${pct(tidy.falsePositiveRate)} ${pct(tidy.alertedByFirstAsk)}  |  ${pct(asr.recall)} ${pct(asr.falsePositiveRate)} ${pct(asr.alertedByFirstAsk)}`,
  );
  if (showMisses && set.inspect && !set.name.startsWith('holdout/sealed-')) {
    for (const [label, outcomes] of [
      ['tidy', tidyOutcomes],
      ['asr', asrOutcomes],
    ] as const) {
      const missed = outcomes.filter((o) => o.label === 'scam' && o.alertTurn === null).map((o) => o.id);
      const late = outcomes
        .filter((o) => o.label === 'scam' && o.alertTurn !== null && o.firstAskTurn !== null)
        .filter((o) => (o.alertTurn ?? 0) > (o.firstAskTurn ?? 0))
        .map((o) => `${o.id}(+${(o.alertTurn ?? 0) - (o.firstAskTurn ?? 0)})`);
      const falseAlarms = outcomes.filter((o) => o.label === 'legitimate' && o.alertTurn !== null).map((o) => o.id);
      console.log(`    ${label} missed: ${missed.join(' ') || '—'}`);
      console.log(`    ${label} late: ${late.join(' ') || '—'}`);
      console.log(`    ${label} false alarms: ${falseAlarms.join(' ') || '—'}`);
    }
  }
}
