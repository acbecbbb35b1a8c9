import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  fixtures,
  frames,
  kwsModelDir,
  kwsModelMissing,
  readWav,
  silentLog,
  slice,
} from '../../test/audio/speech-kit.js';
import { createKeywordSpotting } from './keyword-spotter.js';
import { createUtteranceCutter, createVadPool, type SpeechSegment } from './voice-activity.js';

function utterances(samples: Int16Array): SpeechSegment[] {
  const cutter = createUtteranceCutter(createVadPool());
  const out: SpeechSegment[] = [];
  for (const frame of frames(samples)) out.push(...cutter.push(frame));
  out.push(...cutter.flush());
  cutter.release();
  return out;
}

test("spots courier-fraud phrases in the fraudster's telephone audio", { skip: kwsModelMissing }, async (t) => {
  const kws = createKeywordSpotting({ modelDir: kwsModelDir }, silentLog);
  const heard: string[] = [];
  for (const segment of utterances(readWav(fixtures.scamCaller).samples)) {
    const phrases = await kws.spot(segment.samples);
    t.diagnostic(`${(segment.startMs / 1000).toFixed(1)} s: ${phrases.join(', ') || '-'}`);
    heard.push(...phrases);
  }
  assert.ok(heard.includes('cash'), `spotted: ${heard.join(', ')}`);
  await kws.close();
});

test("spots nothing in the dental practice's call opening", { skip: kwsModelMissing }, async () => {
  const kws = createKeywordSpotting({ modelDir: kwsModelDir }, silentLog);
  const [opening] = utterances(slice(readWav(fixtures.dentistCaller).samples, 0, 5000));
  assert.ok(opening);
  assert.deepEqual(await kws.spot(opening.samples), []);
});

test('names the missing keywords file', { skip: kwsModelMissing }, () => {
  assert.throws(
    () => createKeywordSpotting({ modelDir: kwsModelDir, keywordsFile: 'keywords-nope.txt' }, silentLog),
    /--kws-model .*: missing keywords-nope\.txt/,
  );
});
