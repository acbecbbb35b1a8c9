import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixtures, pocketsphinxMissing, readWav, silentLog } from '../../test/audio/speech-kit.js';
import { int16ToFloat } from './pcm.js';
import { createPocketsphinxEngine, pocketsphinxUnavailable, pocketsphinxWorkerScript } from './pocketsphinx-engine.js';
import { createUpsampler2x } from './upsampler.js';

const skip = pocketsphinxMissing();
const goForwardRaw = '/usr/share/pocketsphinx/test/data/goforward.raw'; // pocketsphinx-testdata: 16 kHz "go forward ten meters"

function goForward(): Float32Array {
  const bytes = readFileSync(goForwardRaw);
  return int16ToFloat(new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2));
}

/** The 40 s scam fixture at 16 kHz: long enough to keep a worker busy for a while. */
function longUtterance(): Float32Array {
  const up = createUpsampler2x();
  return new Float32Array([...up.push(int16ToFloat(readWav(fixtures.scamCaller).samples)), ...up.flush()]);
}

const engines: { close(): Promise<void> }[] = [];
after(async () => {
  await Promise.all(engines.map((e) => e.close()));
});

async function anEngine(options: Parameters<typeof createPocketsphinxEngine>[0] = {}) {
  // A generous time limit unless a test sets one: CI machines run other suites beside this one.
  const engine = await createPocketsphinxEngine({ workers: 1, timeoutMs: 120_000, ...options }, silentLog);
  engines.push(engine);
  return engine;
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(20);
  }
}

test('the worker script is found beside the engine', () => {
  assert.match(pocketsphinxWorkerScript(), /src\/speech\/pocketsphinx-worker\.py$/);
});

test('says what is missing when Python or the model is not there', () => {
  assert.match(pocketsphinxUnavailable({ python: '/nonexistent/python3' }) ?? '', /\/nonexistent\/python3 is missing/);
  assert.match(
    pocketsphinxUnavailable({ modelDir: '/nonexistent/en-us' }) ?? '',
    /model files missing in \/nonexistent\/en-us: en-us\/mdef, en-us.lm.bin, cmudict-en-us.dict/,
  );
});

test('recognises the pocketsphinx test recording', {
  skip: skip || (!existsSync(goForwardRaw) && 'no pocketsphinx-testdata'),
}, async () => {
  const engine = await anEngine();
  const result = await engine.recognize({ samples: goForward(), sampleRate: 16000 });
  assert.equal(result.text, 'go forward ten meters');
  assert.deepEqual(
    result.words.map((w) => w.word),
    ['go', 'forward', 'ten', 'meters'],
  );
  assert.ok(result.words.every((w, i, all) => w.startMs < w.endMs && (i === 0 || all[i - 1]!.endMs <= w.startMs)));
});

test('queues utterances for the next free worker', { skip }, async () => {
  const engine = await anEngine({ workers: 2 });
  const samples = int16ToFloat(readWav(fixtures.dentistCaller).samples.subarray(0, 40_000));
  const up = createUpsampler2x();
  const wide = new Float32Array([...up.push(samples), ...up.flush()]);
  const results = await Promise.all(
    Array.from({ length: 5 }, () => engine.recognize({ samples: wide, sampleRate: 16000 })),
  );
  assert.equal(new Set(results.map((r) => r.text)).size, 1, JSON.stringify(results.map((r) => r.text)));
  assert.ok((results[0]?.text.length ?? 0) > 0);
});

test('a worker that overruns its time limit is killed and replaced', { skip }, async () => {
  const engine = await anEngine({ timeoutMs: 100 });
  const before = engine.workerPids[0];
  await assert.rejects(engine.recognize({ samples: longUtterance(), sampleRate: 16000 }), /longer than 100 ms/);
  await until(
    () => engine.workerPids[0] !== undefined && engine.workerPids[0] !== before && alive(engine.workerPids[0]),
  );
  assert.equal(alive(before), false);
});

test('a crashed worker is restarted and the next utterance is recognised', {
  skip: skip || (!existsSync(goForwardRaw) && 'no pocketsphinx-testdata'),
}, async () => {
  const engine = await anEngine();
  const crashed = engine.workerPids[0]!;
  const inFlight = engine.recognize({ samples: longUtterance(), sampleRate: 16000 });
  await sleep(50);
  process.kill(crashed, 'SIGKILL');
  await assert.rejects(inFlight, /pocketsphinx worker exited \(SIGKILL\)/);
  const next = await engine.recognize({ samples: goForward(), sampleRate: 16000 });
  assert.equal(next.text, 'go forward ten meters');
  assert.notEqual(engine.workerPids[0], crashed);
});

test('close() stops the workers and refuses further utterances', { skip }, async () => {
  const engine = await createPocketsphinxEngine({ workers: 2 }, silentLog);
  const pids = engine.workerPids;
  assert.ok(pids.every(alive));
  await engine.close();
  assert.ok(!pids.some(alive));
  await assert.rejects(engine.recognize({ samples: new Float32Array(1600), sampleRate: 16000 }), /closed/);
});

test('start-up fails with the decoder error when the model cannot be loaded', { skip }, async () => {
  await assert.rejects(
    createPocketsphinxEngine({ workers: 1, modelDir: '/nonexistent/en-us' }, silentLog),
    /pocketsphinx cannot start: RuntimeError/,
  );
});

test('start-up fails with a clear message when Python cannot be run at all', async () => {
  await assert.rejects(
    createPocketsphinxEngine({ workers: 1, python: '/nonexistent/python3' }, silentLog),
    /pocketsphinx cannot start: cannot run \/nonexistent\/python3: spawn \/nonexistent\/python3 ENOENT/,
  );
});
