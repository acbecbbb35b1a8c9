/**
 * Speech-pipeline benchmark (`npm run bench -- speech`), on the committed telephone-audio fixtures: VAD cost per
 * call-second and memory per listener, pocketsphinx real-time factor on one worker and utterances per second with
 * the pool, utterance-end-to-text latency (p50/p99) with two calls talking at once, and the keyword spotter's
 * real-time factor when its model is present. Skips what is not installed (pocketsphinx, the KWS model).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { createKeywordSpotting } from '../src/speech/keyword-spotter.js';
import { createPocketsphinxEngine } from '../src/speech/pocketsphinx-engine.js';
import { createSpeechPipelineFrom } from '../src/speech/speech-pipeline.js';
import { createUtteranceCutter, createVadPool, type SpeechSegment } from '../src/speech/voice-activity.js';
import {
  fixtures,
  frames,
  kwsModelDir,
  kwsModelMissing,
  pocketsphinxMissing,
  readWav,
} from '../test/audio/speech-kit.js';
import type { BenchFigure } from './figure.js';
import { percentile } from './figure.js';

const log = pino({ level: 'silent' });
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function benchSpeech(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const fig = (metric: string, value: number, unit: string) => figures.push({ bench: 'speech', metric, value, unit });
  const scam = readWav(fixtures.scamCaller).samples;
  const dentist = readWav(fixtures.dentistCaller).samples;
  const vadPool = createVadPool();

  // VAD (with the 8→16 kHz upsampler) per second of one party's audio, fed in 20 ms frames.
  const segments: SpeechSegment[] = [];
  const vadStart = performance.now();
  let audioSeconds = 0;
  for (let round = 0; round < 5; round++) {
    for (const recording of [scam, dentist]) {
      const cutter = createUtteranceCutter(vadPool);
      for (const frame of frames(recording)) segments.push(...cutter.push(frame));
      segments.push(...cutter.flush());
      cutter.release();
      audioSeconds += recording.length / 8000;
    }
  }
  const vadMsPerSecond = (performance.now() - vadStart) / audioSeconds;
  console.error(`speech: VAD ${vadMsPerSecond.toFixed(2)} ms per second of one party's audio`);
  fig('vad_ms_per_call_second', round(vadMsPerSecond * 2, 2), 'ms'); // a call has two parties
  const utterances = segments.slice(0, 11); // one pass over both fixtures

  // Memory per listener: 50 calls, both parties speaking (two VADs each).
  globalThis.gc?.();
  await sleep(50);
  const rssBefore = process.memoryUsage().rss;
  const memoryPool = createVadPool();
  const pipelineForMemory = createSpeechPipelineFrom(
    {
      vadPool: memoryPool,
      engine: { name: 'pocketsphinx', recognize: async () => ({ text: '', words: [] }), close: async () => undefined },
      keywordSpotting: null,
    },
    log,
  );
  const listeners = Array.from({ length: 50 }, (_, i) => pipelineForMemory.listen(`m-${i}`, () => undefined));
  for (const listener of listeners) {
    for (const frame of frames(scam.subarray(0, 8000))) {
      listener.hear('caller', frame);
      listener.hear('callee', frame);
    }
  }
  globalThis.gc?.();
  const perListenerMb = (process.memoryUsage().rss - rssBefore) / 50 / 2 ** 20;
  console.error(`speech: ${perListenerMb.toFixed(1)} MiB per listener (two Silero VADs; pooled across calls)`);
  fig('memory_per_listener_mb', round(perListenerMb), 'MiB');
  await pipelineForMemory.close();

  const missing = pocketsphinxMissing();
  if (missing) {
    console.error(`speech: ${missing}: pocketsphinx figures skipped`);
  } else {
    // Real-time factor on one worker, utterances one after another.
    const single = await createPocketsphinxEngine({ workers: 1, timeoutMs: 120_000 }, log);
    let decodeMs = 0;
    let spoken = 0;
    for (const segment of utterances) {
      const t0 = performance.now();
      await single.recognize({ samples: segment.samples, sampleRate: 16000 });
      decodeMs += performance.now() - t0;
      spoken += segment.samples.length / 16000;
    }
    await single.close();
    const rtf = decodeMs / 1000 / spoken;
    fig('pocketsphinx_rtf', round(rtf, 3), 'x');

    // Throughput with the pool (2 workers): every utterance submitted at once, twice over.
    const pool = await createPocketsphinxEngine({ workers: 2, timeoutMs: 120_000 }, log);
    const batch = [...utterances, ...utterances];
    const t0 = performance.now();
    await Promise.all(batch.map((s) => pool.recognize({ samples: s.samples, sampleRate: 16000 })));
    const perSecond = batch.length / ((performance.now() - t0) / 1000);
    fig('pocketsphinx_utterances_per_s', round(perSecond, 2), '1/s');
    console.error(
      `speech: pocketsphinx RTF ${rtf.toFixed(3)} (1 worker), ${perSecond.toFixed(2)} utterances/s (2 workers)`,
    );

    // Latency from the end of an utterance to its text: two calls at once, each party's audio played at 4× real time.
    const pipeline = createSpeechPipelineFrom({ vadPool, engine: pool, keywordSpotting: null }, log);
    const latencies: number[] = [];
    await Promise.all(
      [scam, dentist].map(async (recording, call) => {
        const listener = pipeline.listen(`b-${call}`, (heard) => latencies.push(heard.recognitionMs));
        let n = 0;
        for (const frame of frames(recording)) {
          listener.hear('caller', frame);
          if (++n % 50 === 0) await sleep(250); // 1 s of audio every 250 ms
        }
        await listener.close();
      }),
    );
    await pipeline.close();
    latencies.sort((a, b) => a - b);
    fig('recognition_latency_p50_ms', Math.round(percentile(latencies, 50)), 'ms');
    fig('recognition_latency_p99_ms', Math.round(percentile(latencies, 99)), 'ms');
    console.error(
      `speech: utterance end → text p50 ${Math.round(percentile(latencies, 50))} ms, p99 ${Math.round(percentile(latencies, 99))} ms (${latencies.length} utterances, 2 calls at 4× real time)`,
    );
  }

  if (kwsModelMissing) {
    console.error(`speech: ${kwsModelMissing}: keyword-spotting figures skipped`);
  } else {
    const kws = createKeywordSpotting({ modelDir: kwsModelDir }, log);
    const t0 = performance.now();
    let spoken = 0;
    for (const segment of utterances) {
      await kws.spot(segment.samples);
      spoken += segment.samples.length / 16000;
    }
    const rtf = (performance.now() - t0) / 1000 / spoken;
    fig('kws_rtf', round(rtf, 4), 'x');
    console.error(`speech: keyword spotting RTF ${rtf.toFixed(4)}`);
    await kws.close();
  }
  return figures;
}
