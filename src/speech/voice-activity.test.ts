import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concat, fixtures, frames, readWav, silence, slice } from '../../test/audio/speech-kit.js';
import { createUtteranceCutter, createVadPool, type SpeechSegment } from './voice-activity.js';

const pool = createVadPool();
const scam = readWav(fixtures.scamCaller).samples;

function cut(samples: Int16Array): { pushed: SpeechSegment[]; flushed: SpeechSegment[] } {
  const cutter = createUtteranceCutter(pool);
  const pushed: SpeechSegment[] = [];
  for (const frame of frames(samples)) pushed.push(...cutter.push(frame));
  const flushed = cutter.flush();
  cutter.release();
  return { pushed, flushed };
}

test('cuts two sentences a second apart into two utterances, with their times', () => {
  // The fixture's first two sentences: about 0.7–6.8 s and 8.3–12.3 s.
  const { pushed, flushed } = cut(slice(scam, 0, 13_500));
  const segments = [...pushed, ...flushed];
  assert.equal(segments.length, 2, JSON.stringify(segments.map((s) => [s.startMs, s.endMs])));
  const [first, second] = segments as [SpeechSegment, SpeechSegment];
  assert.ok(first.startMs > 300 && first.startMs < 1200, `first starts at ${first.startMs} ms`);
  assert.ok(first.endMs > 6000 && first.endMs < 7800, `first ends at ${first.endMs} ms`);
  assert.ok(second.startMs > 7500 && second.startMs < 9000, `second starts at ${second.startMs} ms`);
  // 16 kHz samples covering the utterance.
  assert.equal(first.samples.length, Math.round(((first.endMs - first.startMs) * 16000) / 1000));
  // The first one ended (the second's start was heard) before the audio ran out.
  assert.ok(pushed.length >= 1);
});

test('hears no utterance in silence or faint line noise', () => {
  const { pushed, flushed } = cut(concat(silence(5000), silence(10_000, -45), silence(2000, -55)));
  assert.deepEqual([...pushed, ...flushed], []);
});

test('flush hands over the utterance still in progress when the audio stops mid-sentence', () => {
  const { pushed, flushed } = cut(slice(scam, 0, 4000)); // the first sentence runs to about 6.8 s
  assert.equal(pushed.length, 0);
  assert.equal(flushed.length, 1);
  assert.ok((flushed[0]?.endMs ?? 0) > 3000);
});

test('reuses released VAD instances instead of loading the model again', () => {
  const local = createVadPool();
  createUtteranceCutter(local).release();
  const a = createUtteranceCutter(local);
  const b = createUtteranceCutter(local);
  assert.equal(local.created, 2);
  a.release();
  b.release();
  createUtteranceCutter(local).release();
  assert.equal(local.created, 2);
  assert.equal(local.idle, 2);
});
