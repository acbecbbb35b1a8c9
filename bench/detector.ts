/**
 * Scam-detector benchmark: model load time and size, then turns per second on one core and per-turn latency
 * (p50/p99) over a synthetic but realistic mix of scam and ordinary turns, each call with a fresh detector.
 */
import { performance } from 'node:perf_hooks';
import { defaultDetectorModelPath, detectorModelSize, loadDetectorModel } from '../src/app/detector-model.js';
import { asrVariant } from '../src/detection/asr-noise.js';
import { createCallDetector, type Turn } from '../src/detection/call-detector.js';
import type { BenchFigure } from './figure.js';
import { percentile } from './figure.js';

const scam: Turn[] = [
  { speaker: 'callee', text: 'Hello?' },
  { speaker: 'caller', text: "Good afternoon, it's DC Hughes from the Metropolitan Police fraud squad." },
  { speaker: 'callee', text: 'Oh dear, what has happened?' },
  { speaker: 'caller', text: "We've arrested a man with a copy of your card. Someone at your branch is involved." },
  { speaker: 'caller', text: "Don't tell the bank staff, they may be involved. Stay on the line with me." },
  { speaker: 'caller', text: 'Read me the four numbers you use at the cashpoint so we can cancel the card.' },
  { speaker: 'caller', text: 'A courier will collect your cards in an envelope within the hour.' },
];
const ordinary: Turn[] = [
  { speaker: 'caller', text: "Hi Mum, it's me. The car failed its MOT, could you lend me three hundred till Friday?" },
  { speaker: 'callee', text: "Of course love, come round on Sunday and I'll give you it then." },
  { speaker: 'caller', text: 'Your parcel is at the depot, the driver will bring it round between ten and twelve.' },
  { speaker: 'caller', text: 'Please hang up and ring the number on the back of your card to check this is us.' },
];

export async function benchDetector(): Promise<BenchFigure[]> {
  const loadStart = performance.now();
  const model = await loadDetectorModel();
  const loadMs = performance.now() - loadStart;
  const sizeKb = (await detectorModelSize(defaultDetectorModelPath)) / 1024;

  const calls: Turn[][] = [];
  for (let i = 0; i < 200; i++) {
    const base = i % 2 === 0 ? scam : ordinary;
    calls.push(i % 4 < 2 ? base : asrVariant(base, i));
  }
  // Warm-up (JIT, regex compilation, normaliser cache as in a long-running service).
  for (const call of calls) {
    const detector = createCallDetector(model);
    for (const turn of call) detector.addTurn(turn);
  }
  const latencies: number[] = [];
  const rounds = 25;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const call of calls) {
      const detector = createCallDetector(model);
      for (const turn of call) {
        const t0 = performance.now();
        detector.addTurn(turn);
        latencies.push(performance.now() - t0);
      }
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  const turnsPerSecond = latencies.length / elapsed;
  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 50) * 1000;
  const p99 = percentile(latencies, 99) * 1000;
  console.error(
    `detector: ${latencies.length} turns, ${Math.round(turnsPerSecond)} turns/s, p50 ${p50.toFixed(1)} µs, ` +
      `p99 ${p99.toFixed(1)} µs, model load ${loadMs.toFixed(1)} ms, ${sizeKb.toFixed(0)} KiB`,
  );
  return [
    { bench: 'detector', metric: 'turns_per_s', value: Math.round(turnsPerSecond), unit: '1/s' },
    { bench: 'detector', metric: 'p50_us', value: Math.round(p50 * 10) / 10, unit: 'us' },
    { bench: 'detector', metric: 'p99_us', value: Math.round(p99 * 10) / 10, unit: 'us' },
    { bench: 'detector', metric: 'model_load_ms', value: Math.round(loadMs * 10) / 10, unit: 'ms' },
    { bench: 'detector', metric: 'model_size_kb', value: Math.round(sizeKb), unit: 'KiB' },
  ];
}
