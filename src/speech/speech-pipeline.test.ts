import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  concat,
  fixtures,
  frames,
  readWav,
  recordingLogger,
  silence,
  silentLog,
  slice,
} from '../../test/audio/speech-kit.js';
import type { Speaker } from '../detection/stages.js';
import type { CallAudioListener, HeardUtterance } from '../guard/call-audio.js';
import type { Recognition, RecognitionEngine, UtteranceAudio } from './recognition-engine.js';
import { createSpeechPipelineFrom } from './speech-pipeline.js';
import { createVadPool } from './voice-activity.js';

const vadPool = createVadPool();
const scam = readWav(fixtures.scamCaller).samples;
const dentist = readWav(fixtures.dentistCaller).samples;

/** A recognition engine that names what it got (a fake at the engine boundary: the real ones are tested apart). */
function anEngine(recognize: (audio: UtteranceAudio, n: number) => Promise<Recognition>): RecognitionEngine {
  let n = 0;
  return { name: 'pocketsphinx', recognize: (audio) => recognize(audio, n++), close: async () => undefined };
}
const byLength = anEngine(async (audio) => ({
  text: `${(audio.samples.length / audio.sampleRate).toFixed(0)} s`,
  words: [],
}));

/** Feeds both parties' audio as RTP does: one 20 ms frame of each in turn. */
function play(listener: CallAudioListener, legs: Partial<Record<Speaker, Int16Array>>): void {
  const caller = [...frames(legs.caller ?? new Int16Array(0))];
  const callee = [...frames(legs.callee ?? new Int16Array(0))];
  for (let i = 0; i < Math.max(caller.length, callee.length); i++) {
    if (caller[i]) listener.hear('caller', caller[i]!);
    if (callee[i]) listener.hear('callee', callee[i]!);
  }
}

test('keeps the two parties apart: each utterance carries the speaker whose leg it was heard on', async () => {
  const pipeline = createSpeechPipelineFrom({ vadPool, engine: byLength, keywordSpotting: null }, silentLog);
  const heard: HeardUtterance[] = [];
  const listener = pipeline.listen('c-1', (h) => heard.push(h));
  // The caller speaks twice; the resident answers in the caller's pause (both legs always carry audio).
  play(listener, {
    caller: concat(slice(scam, 0, 7200), silence(6000), slice(scam, 8000, 12_600)),
    callee: concat(silence(7200), slice(dentist, 0, 4800), silence(6000)),
  });
  await listener.close();
  assert.deepEqual(
    heard.map((h) => h.speaker),
    ['caller', 'callee', 'caller'],
    JSON.stringify(heard.map((h) => [h.speaker, h.startMs, h.endMs])),
  );
  assert.ok(heard.every((h) => h.engine === 'pocketsphinx' && h.keywords.length === 0 && h.recognitionMs >= 0));
  assert.ok(heard[1]!.startMs > 7200 && heard[1]!.startMs < 8500, `callee starts at ${heard[1]!.startMs} ms`);
  assert.ok(heard[0]!.endMs <= heard[1]!.startMs && heard[1]!.endMs <= heard[2]!.startMs);
  await pipeline.close();
});

test('close() recognises and delivers the utterance in progress, then hears nothing more', async () => {
  const pipeline = createSpeechPipelineFrom({ vadPool, engine: byLength, keywordSpotting: null }, silentLog);
  const heard: HeardUtterance[] = [];
  const listener = pipeline.listen('c-2', (h) => heard.push(h));
  play(listener, { caller: slice(scam, 0, 4000) }); // hung up mid-sentence
  assert.equal(heard.length, 0);
  await listener.close();
  assert.equal(heard.length, 1);
  assert.equal(heard[0]?.text, '3 s');
  listener.hear('caller', slice(scam, 0, 4000));
  await listener.close();
  assert.equal(heard.length, 1);
  await pipeline.close();
});

test('an engine failure or timeout is logged and delivered as an utterance without text, never thrown', async () => {
  const failing = anEngine(async (_audio, n) => {
    if (n === 0) throw new Error('pocketsphinx took longer than 15000 ms');
    return { text: 'read me your pin number', words: [] };
  });
  const { log, lines } = recordingLogger();
  const pipeline = createSpeechPipelineFrom({ vadPool, engine: failing, keywordSpotting: null }, log);
  const heard: HeardUtterance[] = [];
  const listener = pipeline.listen('c-3', (h) => heard.push(h));
  assert.doesNotThrow(() => play(listener, { caller: slice(scam, 0, 13_500) }));
  await listener.close();
  assert.deepEqual(
    heard.map((h) => h.text),
    ['', 'read me your pin number'],
  );
  const warning = lines.find((l) => l.msg === 'speech recognition failed: utterance delivered without text');
  assert.ok(warning, JSON.stringify(lines));
  assert.equal(warning.callId, 'c-3');
  assert.match(String((warning.err as { message: string }).message), /longer than 15000 ms/);
  await pipeline.close();
});

test('delivers utterances in the order they ended even when a later one is recognised first', async () => {
  const slowFirst = anEngine(async (_audio, n) => {
    await sleep(n === 0 ? 200 : 1);
    return { text: `utterance ${n}`, words: [] };
  });
  const pipeline = createSpeechPipelineFrom({ vadPool, engine: slowFirst, keywordSpotting: null }, silentLog);
  const heard: string[] = [];
  const listener = pipeline.listen('c-4', (h) => heard.push(h.text));
  play(listener, { caller: slice(scam, 0, 13_500) });
  await listener.close();
  assert.deepEqual(heard, ['utterance 0', 'utterance 1']);
  await pipeline.close();
});

test('a handler that throws is logged and does not stop later utterances', async () => {
  const { log, lines } = recordingLogger();
  const pipeline = createSpeechPipelineFrom({ vadPool, engine: byLength, keywordSpotting: null }, log);
  let calls = 0;
  const listener = pipeline.listen('c-5', () => {
    calls++;
    throw new Error('guard is gone');
  });
  play(listener, { caller: slice(scam, 0, 13_500) });
  await listener.close();
  assert.equal(calls, 2);
  assert.equal(lines.filter((l) => l.msg === 'utterance handler threw').length, 2);
  await pipeline.close();
});

test('pipeline.close() closes the listeners still open and describes its parts', async () => {
  const pipeline = createSpeechPipelineFrom({ vadPool, engine: byLength, keywordSpotting: null }, silentLog);
  assert.equal(pipeline.description, 'silero-vad + pocketsphinx');
  const heard: HeardUtterance[] = [];
  const listener = pipeline.listen('c-6', (h) => heard.push(h));
  play(listener, { callee: slice(scam, 0, 3000) });
  await pipeline.close();
  assert.equal(heard.length, 1);
  assert.equal(heard[0]?.speaker, 'callee');
});
