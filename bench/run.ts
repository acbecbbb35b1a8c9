/**
 * `npm run bench [-- NAME...]`: runs every benchmark (or the named ones). Figures go to stdout as JSON lines,
 * human-readable progress to stderr.
 */

import type { BenchFigure } from './figure.js';
import { emit } from './figure.js';

type Bench = () => Promise<BenchFigure[]>;
const benches: Record<string, () => Promise<Bench>> = {
  screening: async () => (await import('./screening.js')).benchScreening,
  detector: async () => (await import('./detector.js')).benchDetector,
  sip: async () => (await import('./sip.js')).benchSip,
  // Campaign detection over 10M call records, then report ingestion (`reports/…` figures).
  campaigns: async () => (await import('./campaigns.js')).benchCampaigns,
  // VAD, pocketsphinx and keyword spotting on the committed telephone-audio fixtures (`speech` figures).
  speech: async () => (await import('./speech.js')).benchSpeech,
  // Concurrent guarded SIP calls (transcript feed, then pocketsphinx) and utterance-to-verdict latency (`guard`).
  guard: async () => (await import('./guard.js')).benchGuard,
};

// Bench names are the known ones given as bare words; everything else is an argument for the benches.
const wanted = process.argv.slice(2).filter((a) => Object.hasOwn(benches, a));
const names = wanted.length > 0 ? wanted : Object.keys(benches);
for (const name of names) {
  const load = benches[name];
  if (!load) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  console.error(`== ${name}`);
  for (const figure of await (await load())()) emit(figure);
}
