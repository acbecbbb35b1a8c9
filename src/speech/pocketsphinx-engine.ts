/**
 * The out-of-the-box speech-recognition engine: CMU pocketsphinx (Debian's `python3-pocketsphinx` and
 * `pocketsphinx-en-us`) in a small pool of long-lived `/usr/bin/python3` workers (`pocketsphinx-worker.py`), each
 * with its decoder loaded once. Utterances queue for the next free worker; each has a time limit; a worker that
 * crashes or overruns is killed and restarted, and only that utterance is lost. Weak on 8 kHz telephone speech (see
 * docs/speech.md): fine for tests and a first deployment, not for production accuracy.
 *
 * @example
 * const engine = await createPocketsphinxEngine({ workers: 2 }, log);
 * const { text } = await engine.recognize({ samples, sampleRate: 16000 });
 * await engine.close();
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { addNoiseFloor, floatToInt16 } from './pcm.js';
import {
  cleanTranscript,
  type Recognition,
  type RecognitionEngine,
  type UtteranceAudio,
} from './recognition-engine.js';

export interface PocketsphinxOptions {
  /** Worker processes (each decodes one utterance at a time on one CPU core; about 105 MB resident). */
  workers: number;
  /** Longest a worker may take over one utterance before it is killed and restarted. */
  timeoutMs: number;
  /** Utterances waiting for a worker beyond this are refused at once (overload). */
  maxQueue: number;
  /** Debian's Python, which has the `pocketsphinx` module (a pyenv/venv python usually does not). */
  python: string;
  /** Folder with `en-us/` (acoustic model), `en-us.lm.bin` and `cmudict-en-us.dict`. */
  modelDir: string;
  /** The worker script (found beside this module, or in src/speech/ when running from dist/). */
  workerScript: string;
}

const ditherDbfs = -70;

/** The rate the workers decode at (the pipeline upsamples 8 kHz telephone audio to this). */
export const pocketsphinxSampleRate = 16000;

export const defaultPocketsphinxOptions: Readonly<Omit<PocketsphinxOptions, 'workerScript'>> = Object.freeze({
  workers: 2,
  timeoutMs: 15_000,
  maxQueue: 200,
  python: '/usr/bin/python3',
  modelDir: '/usr/share/pocketsphinx/model/en-us',
});

/**
 * The worker script: beside this module under tsx (src/speech/), and — because `tsc` copies no .py files — in
 * src/speech/ seen from the compiled dist/speech/.
 */
export function pocketsphinxWorkerScript(): string {
  const candidates = [
    fileURLToPath(new URL('./pocketsphinx-worker.py', import.meta.url)),
    fileURLToPath(new URL('../../src/speech/pocketsphinx-worker.py', import.meta.url)),
  ];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`pocketsphinx worker script not found (looked at ${candidates.join(', ')})`);
  return found;
}

/** Why pocketsphinx cannot run here (naming what is missing), or null when it can. */
export function pocketsphinxUnavailable(options: Partial<PocketsphinxOptions> = {}): string | null {
  const python = options.python ?? defaultPocketsphinxOptions.python;
  const modelDir = options.modelDir ?? defaultPocketsphinxOptions.modelDir;
  if (!existsSync(python)) return `${python} is missing (install Debian's python3 and python3-pocketsphinx)`;
  const missing = ['en-us/mdef', 'en-us.lm.bin', 'cmudict-en-us.dict'].filter((f) => !existsSync(`${modelDir}/${f}`));
  if (missing.length > 0) {
    return `pocketsphinx model files missing in ${modelDir}: ${missing.join(', ')} (install pocketsphinx-en-us)`;
  }
  const probe = spawnSync(python, ['-c', 'import pocketsphinx'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.status !== 0) {
    return `${python} cannot import pocketsphinx (install python3-pocketsphinx): ${(probe.stderr || String(probe.error ?? '')).trim().split('\n').pop()}`;
  }
  return null;
}

export interface PocketsphinxEngine extends RecognitionEngine {
  /** Process ids of the workers (undefined while one restarts), for health checks and tests. */
  readonly workerPids: (number | undefined)[];
  /** Utterances waiting for a worker. */
  readonly queued: number;
}

interface Job {
  id: number;
  pcm: Buffer;
  resolve(recognition: Recognition): void;
  reject(error: Error): void;
}

interface WorkerReply {
  ready?: boolean;
  fatal?: string;
  id?: number;
  text?: string;
  error?: string;
  words?: { word: string; start: number; end: number }[];
}

class PocketsphinxWorker {
  private child: ChildProcessWithoutNullStreams | null = null;
  private job: Job | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stderrTail = '';
  private stdoutRest = '';
  /** Crashes since the last good reply (restart backoff). */
  private crashes = 0;
  ready = false;
  private fatalSeen = false;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly index: number,
    private readonly options: PocketsphinxOptions,
    private readonly log: Logger,
    private readonly onIdle: () => void,
    private readonly onFatal: (message: string) => void,
    private readonly isClosing: () => boolean,
  ) {}

  get busy(): boolean {
    return this.job !== null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const child = spawn(this.options.python, [this.options.workerScript, '--model', this.options.modelDir], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    this.ready = false;
    this.fatalSeen = false;
    this.stdoutRest = '';
    child.stdin.on('error', () => undefined); // EPIPE when it died: the exit handler deals with it
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        resolve();
        this.onExit(child, code, signal);
      });
      child.on('error', (error) => {
        resolve(); // a process that could not be spawned never exits
        this.log.error({ err: error, worker: this.index }, 'pocketsphinx worker could not start');
        if (!this.ready) this.onFatal(`cannot run ${this.options.python}: ${error.message}`);
      });
    });
  }

  run(job: Job): void {
    this.job = job;
    const header = `${JSON.stringify({ id: job.id, bytes: job.pcm.length })}\n`;
    this.timer = setTimeout(() => {
      this.log.warn(
        { worker: this.index, utterance: job.id, timeoutMs: this.options.timeoutMs },
        'pocketsphinx timed out: restarting the worker',
      );
      this.finish()?.reject(new Error(`pocketsphinx took longer than ${this.options.timeoutMs} ms`));
      this.child?.kill('SIGKILL');
    }, this.options.timeoutMs);
    this.child?.stdin.write(header);
    this.child?.stdin.write(job.pcm);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(timer);
  }

  private finish(): Job | null {
    const job = this.job;
    this.job = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return job;
  }

  private onStdout(chunk: string): void {
    const lines = (this.stdoutRest + chunk).split('\n');
    this.stdoutRest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      let reply: WorkerReply;
      try {
        reply = JSON.parse(line) as WorkerReply;
      } catch {
        this.log.warn(
          { worker: this.index, line: line.slice(0, 200) },
          'pocketsphinx worker wrote a line that is not JSON',
        );
        continue;
      }
      if (reply.fatal) {
        this.fatalSeen = true;
        this.onFatal(reply.fatal);
      } else if (reply.ready) {
        this.ready = true;
        this.onIdle();
      } else if (reply.id !== undefined && this.job?.id === reply.id) {
        const job = this.finish();
        if (reply.error) job?.reject(new Error(`pocketsphinx: ${reply.error}`));
        else {
          this.crashes = 0;
          job?.resolve({
            text: cleanTranscript(reply.text ?? ''),
            words: (reply.words ?? []).map((w) => ({ word: w.word.toLowerCase(), startMs: w.start, endMs: w.end })),
          });
        }
        this.onIdle();
      }
    }
  }

  private onExit(child: ChildProcessWithoutNullStreams, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    const wasReady = this.ready;
    this.ready = false;
    const job = this.finish();
    const why = `pocketsphinx worker exited (${signal ?? `code ${code}`})`;
    const lastError = this.stderrTail.trim().split('\n').pop() ?? '';
    job?.reject(new Error(`${why}: ${lastError}`));
    if (this.isClosing()) return;
    if (!wasReady && !this.fatalSeen) this.onFatal(`${why} before it was ready: ${lastError}`);
    this.crashes++;
    const delay = Math.min(10_000, 100 * 2 ** Math.min(this.crashes, 7));
    this.log.warn(
      { worker: this.index, code, signal, restartInMs: delay, stderr: this.stderrTail.slice(-500) },
      `${why}: restarting`,
    );
    setTimeout(() => {
      if (!this.isClosing()) this.start();
    }, delay).unref();
  }
}

/** Starts the workers and waits until each has loaded its decoder; rejects with what went wrong when one cannot. */
export async function createPocketsphinxEngine(
  options: Partial<PocketsphinxOptions>,
  log: Logger,
): Promise<PocketsphinxEngine> {
  const settings: PocketsphinxOptions = {
    ...defaultPocketsphinxOptions,
    workerScript: options.workerScript ?? pocketsphinxWorkerScript(),
    ...stripUndefined(options),
  };
  const queue: Job[] = [];
  let nextId = 1;
  let closing = false;
  let startFailure: ((message: string) => void) | null = null;
  const pump = () => {
    for (const worker of workers) {
      if (queue.length === 0) return;
      if (worker.ready && !worker.busy) worker.run(queue.shift()!);
    }
  };
  let readyCount = 0;
  let onAllReady: (() => void) | null = null;
  const workers = Array.from({ length: Math.max(1, settings.workers) }, (_, index) => {
    let wasReady = false;
    return new PocketsphinxWorker(
      index,
      settings,
      log,
      () => {
        if (!wasReady) {
          wasReady = true;
          readyCount++;
          if (readyCount === workers.length) onAllReady?.();
        }
        pump();
      },
      (message) => {
        log.error({ worker: index, problem: message }, 'pocketsphinx worker cannot load its decoder');
        startFailure?.(message);
      },
      () => closing,
    );
  });
  const started = new Promise<void>((resolve, reject) => {
    onAllReady = resolve;
    startFailure = (message) => reject(new Error(`pocketsphinx cannot start: ${message}`));
    setTimeout(
      () =>
        reject(new Error(`pocketsphinx workers not ready after 30 s (${settings.python} ${settings.workerScript})`)),
      30_000,
    ).unref();
  });
  for (const worker of workers) worker.start();
  try {
    await started;
  } catch (error) {
    closing = true;
    await Promise.all(workers.map((w) => w.stop()));
    throw error;
  }
  startFailure = null;
  log.info({ workers: workers.length, modelDir: settings.modelDir }, 'pocketsphinx workers ready');

  return {
    name: 'pocketsphinx',
    get workerPids() {
      return workers.map((w) => w.pid);
    },
    get queued() {
      return queue.length;
    },
    recognize(audio: UtteranceAudio): Promise<Recognition> {
      if (closing) return Promise.reject(new Error('pocketsphinx engine is closed'));
      if (audio.sampleRate !== pocketsphinxSampleRate) {
        return Promise.reject(
          new Error(`pocketsphinx takes ${pocketsphinxSampleRate} Hz audio, got ${audio.sampleRate} Hz`),
        );
      }
      if (queue.length >= settings.maxQueue) {
        return Promise.reject(new Error(`pocketsphinx overloaded: ${queue.length} utterances waiting`));
      }
      // A faint floor: pocketsphinx has no dither by default, and digital silence (log of zero energy) inside an
      // utterance made it lose words; with −70 dBFS it recognised far more of the test speech.
      const pcm = floatToInt16(addNoiseFloor(Float32Array.from(audio.samples), ditherDbfs));
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, pcm: Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength), resolve, reject });
        pump();
      });
    },
    async close() {
      closing = true;
      for (const job of queue.splice(0)) job.reject(new Error('pocketsphinx engine closed'));
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
