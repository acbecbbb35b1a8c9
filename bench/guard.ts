/**
 * Live call guard benchmark: how many guarded calls one machine carries at once, and how long from the end of an
 * utterance to the guard's verdict on it.
 *
 * Every call is real: a sipp caller (the network) streams synthesised speech (test/audio/courier-fraud-caller.ulaw,
 * looped) into CallWarden, which screens it, rings a sipp phone that answers (and, for the feed, echoes the audio back),
 * relays RTP both ways, and guards the call (the resident has the guard on; the caller is not a contact). Two engines:
 *
 * - `feed` (detector + media relay only): both legs' audio reaches the call's listener, and turns arrive as from a
 *   platform's transcript feed, one every `--turn-ms` per call (courier-fraud and legitimate scripts alternating);
 * - `pocketsphinx`: the real pipeline (Silero VAD on both legs, pocketsphinx workers) recognises the audio.
 *
 * For each number of concurrent calls, the calls ramp up, are all up for a plateau, then hang up. A step counts as
 * sustained when every call succeeded and was guarded, the event loop stayed responsive enough for media (p99 delay
 * ≤ 20 ms: relayed RTP is sent from the event loop, so its delay is added jitter), and verdicts kept up (p99 ≤ 250 ms
 * for the feed, ≤ 3 s for recognition, which waits for a worker). The guard is set to warn and alert but not to end
 * calls, so calls stay up for the whole plateau.
 *
 * `npm run bench -- guard [--feed-calls 50,100,200,250] [--asr-calls 1,2,4,8] [--plateau 15] [--turn-ms 2000]`
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { type App, createApp } from '../src/app/create-app.js';
import { loadConfig } from '../src/config/config.js';
import type { Speaker } from '../src/detection/stages.js';
import { parseCallLine } from '../src/detection/transcript.js';
import type { CallAudioListener, HeardUtterance, SpeechPipeline } from '../src/guard/call-audio.js';
import { createSpeechPipeline } from '../src/speech/create-speech-pipeline.js';
import { ensureSipp, startSipp } from '../test/sipp/sipp.js';
import type { BenchFigure } from './figure.js';
import { percentile } from './figure.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}
const numbers = (text: string) =>
  text
    .split(',')
    .map(Number)
    .filter((value) => value > 0);

type Mode = 'feed' | 'pocketsphinx';
const loopBudgetMs = 20;
const verdictBudgetMs: Record<Mode, number> = { feed: 250, pocketsphinx: 3000 };

/** Conversation scripts for the feed: the committed detector fixtures (scam and legitimate calls). */
const scripts = readFileSync(new URL('../test/fixtures/detector/calls.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => parseCallLine(line).turns);

/** A transcript feed inside the process: each call gets the next script, one turn every `turnMs`. */
function feedPipeline(turnMs: number): SpeechPipeline & { samples: number } {
  let next = 0;
  const pipeline = {
    description: 'transcript feed (bench)',
    samples: 0,
    listen(_callId: string, onUtterance: (heard: HeardUtterance) => void): CallAudioListener {
      const turns = scripts[next++ % scripts.length] ?? [];
      const started = performance.now();
      let index = 0;
      const timer = setInterval(() => {
        const turn = turns[index++ % turns.length];
        if (!turn) return;
        const at = performance.now() - started;
        onUtterance({ ...turn, startMs: at - 1000, endMs: at, keywords: [], engine: 'feed', recognitionMs: 0 });
      }, turnMs);
      return {
        hear(_speaker: Speaker, samples: Int16Array) {
          pipeline.samples += samples.length;
        },
        async close() {
          clearInterval(timer);
        },
      };
    },
    async close() {},
  };
  return pipeline;
}

interface Timing {
  /** performance.now() when the utterance was handed to the guard's call queue. */
  delivered: number;
  recognitionMs: number;
}

/**
 * Wraps the pipeline and the guard service so every turn's verdict latency is measured: recognition time (from the
 * end of the utterance) + the wait in the call's turn queue + the detector and the guard's actions.
 */
function instrument(app: App, speech: SpeechPipeline) {
  const pending = new Map<string, Timing[]>();
  const verdictMs: number[] = [];
  let utterances = 0;
  const listen = speech.listen.bind(speech);
  speech.listen = (callId, onUtterance) =>
    listen(callId, (heard) => {
      utterances += 1;
      if (heard.text.trim() !== '') {
        const queue = pending.get(callId) ?? [];
        queue.push({ delivered: performance.now(), recognitionMs: heard.recognitionMs });
        pending.set(callId, queue);
      }
      onUtterance(heard);
    });
  const open = app.guard.open.bind(app.guard);
  app.guard.open = async (input) => {
    const opened = await open(input);
    if (opened.guarded) {
      const addTurn = opened.guard.addTurn.bind(opened.guard);
      opened.guard.addTurn = async (turn) => {
        const timing = pending.get(input.callId)?.shift();
        const step = await addTurn(turn);
        if (timing) verdictMs.push(timing.recognitionMs + performance.now() - timing.delivered);
        return step;
      };
    }
    return opened;
  };
  return {
    verdictMs,
    get utterances() {
      return utterances;
    },
    reset() {
      verdictMs.length = 0;
      utterances = 0;
    },
  };
}

interface Step {
  calls: number;
  ok: boolean;
  failed: number;
  guarded: number;
  loopP99Ms: number;
  verdictP50Ms: number;
  verdictP99Ms: number;
  verdicts: number;
  /** Utterances the pipeline delivered in the plateau (with or without text). */
  utterances: number;
  cpuPercent: number;
  rssPerCallKiB: number;
  heapPerCallKiB: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runStep(app: App, meter: ReturnType<typeof instrument>, mode: Mode, calls: number): Promise<Step> {
  const plateauS = Number(option('plateau', '15'));
  const rate = Math.min(calls, 25);
  const rampMs = (calls / rate) * 1000;
  const holdMs = Math.round(rampMs + (plateauS + 4) * 1000);
  global.gc?.();
  const baseline = process.memoryUsage();
  const phone = startSipp({
    scenario: 'uas-phone-answers.xml',
    port: 25160,
    mediaPort: 41000,
    calls,
    timeoutS: holdMs / 1000 + 60,
    // Feed: the phone echoes the caller's audio, so both legs carry media. Recognition: the resident listens (one
    // voice at a time, as in a real call; an echo would double the speech to recognise).
    extraArgs: [...(mode === 'feed' ? ['-rtp_echo'] : []), '-buff_size', '4194304'],
  });
  await sleep(300);
  const caller = startSipp({
    scenario: 'uac-load-caller-streams-audio-hangs-up.xml',
    target: `127.0.0.1:${app.sip?.local.port}`,
    port: 25170,
    mediaPort: 42000,
    calls,
    rate,
    limit: calls,
    holdMs,
    timeoutS: holdMs / 1000 + 60,
    extraArgs: ['-buff_size', '4194304'],
  });
  await sleep(rampMs + 2000);
  meter.reset();
  const loop = monitorEventLoopDelay({ resolution: 2 });
  loop.enable();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const guarded = app.guard.active;
  await sleep((plateauS * 1000) / 2);
  global.gc?.();
  const loaded = process.memoryUsage();
  await sleep((plateauS * 1000) / 2);
  const used = process.cpuUsage(cpu);
  const elapsed = performance.now() - wall;
  loop.disable();
  const verdicts = [...meter.verdictMs].sort((a, b) => a - b);
  const result = await caller.result;
  phone.stop();
  await phone.result;
  const successful = Number(/Successful call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(result.stdout)?.[1] ?? 0);
  const failed = calls - successful;
  const step: Step = {
    calls,
    ok: false,
    failed,
    guarded,
    loopP99Ms: round(loop.percentile(99) / 1e6),
    verdictP50Ms: round(percentile(verdicts, 50)),
    verdictP99Ms: round(percentile(verdicts, 99)),
    verdicts: verdicts.length,
    utterances: meter.utterances,
    cpuPercent: Math.round(((used.user + used.system) / 1000 / elapsed) * 100),
    rssPerCallKiB: Math.round((loaded.rss - baseline.rss) / 1024 / calls),
    heapPerCallKiB: Math.round((loaded.heapUsed - baseline.heapUsed) / 1024 / calls),
  };
  step.ok =
    failed === 0 &&
    guarded >= calls &&
    step.loopP99Ms <= loopBudgetMs &&
    verdicts.length > 0 &&
    step.verdictP99Ms <= verdictBudgetMs[mode];
  await sleep(1500); // the last calls' teardown and the guard sessions' end
  return step;
}

async function benchMode(mode: Mode, steps: number[]): Promise<BenchFigure[]> {
  const log = pino({ level: 'silent' });
  const turnMs = Number(option('turn-ms', '2000'));
  const speech =
    mode === 'feed'
      ? feedPipeline(turnMs)
      : await createSpeechPipeline(
          { asrEngine: 'pocketsphinx', asrModel: null, kwsModel: null, asrWorkers: Number(option('asr-workers', '2')) },
          log,
        );
  if (!speech) {
    console.error(`guard/${mode}: pocketsphinx is not installed; skipped`);
    return [];
  }
  const app = await createApp({
    config: loadConfig(
      { dataDir: mkdtempSync(join(tmpdir(), 'cw-bench-guard-')), http: '127.0.0.1:0', sip: '127.0.0.1:0' },
      {},
    ),
    log,
    speech,
    telephony: { portRange: { min: 30000, max: 39999 } },
  });
  const meter = instrument(app, speech);
  await app.ops.addResident({
    number: '01279 555001',
    name: 'Margaret',
    phone: 'sip:phone@127.0.0.1:25160',
    settings: { unknownCallers: 'ring', guard: { enabled: true, endCall: false } },
  });
  await app.index.catchUp();
  await app.start();
  const figures: BenchFigure[] = [];
  let sustained = 0;
  let best: Step | null = null;
  try {
    for (const calls of steps) {
      console.error(`guard/${mode}: ${calls} concurrent guarded calls`);
      const step = await runStep(app, meter, mode, calls);
      console.error(
        `guard/${mode} ×${calls}: ${step.ok ? 'sustained' : 'NOT sustained'} — failed ${step.failed}, guarded ${step.guarded}, ` +
          `event-loop p99 ${step.loopP99Ms} ms, verdict p50 ${step.verdictP50Ms} ms p99 ${step.verdictP99Ms} ms ` +
          `(${step.verdicts} verdicts of ${step.utterances} utterances), CPU ${step.cpuPercent}% of a core (main process), ` +
          `memory per call ${step.rssPerCallKiB} KiB RSS / ${step.heapPerCallKiB} KiB heap`,
      );
      if (!step.ok) break;
      sustained = calls;
      best = step;
    }
  } finally {
    await app.stop();
    await speech.close();
  }
  figures.push({ bench: 'guard', metric: `${mode}_concurrent_calls_sustained`, value: sustained, unit: 'calls' });
  if (best) {
    figures.push(
      { bench: 'guard', metric: `${mode}_verdict_p50_ms`, value: best.verdictP50Ms, unit: 'ms' },
      { bench: 'guard', metric: `${mode}_verdict_p99_ms`, value: best.verdictP99Ms, unit: 'ms' },
      { bench: 'guard', metric: `${mode}_event_loop_p99_ms`, value: best.loopP99Ms, unit: 'ms' },
      { bench: 'guard', metric: `${mode}_cpu_percent_of_core`, value: best.cpuPercent, unit: '%' },
      { bench: 'guard', metric: `${mode}_rss_per_call_kib`, value: best.rssPerCallKiB, unit: 'KiB' },
      { bench: 'guard', metric: `${mode}_heap_per_call_kib`, value: best.heapPerCallKiB, unit: 'KiB' },
    );
  }
  return figures;
}

export async function benchGuard(): Promise<BenchFigure[]> {
  if (!ensureSipp()) {
    console.error('guard: sipp (sip-tester) is not installed; skipped');
    return [];
  }
  return [
    ...(await benchMode('feed', numbers(option('feed-calls', '50,100,200,250')))),
    ...(await benchMode('pocketsphinx', numbers(option('asr-calls', '1,2,4,8')))),
  ];
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
