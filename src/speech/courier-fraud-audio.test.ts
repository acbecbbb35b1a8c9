/**
 * The whole audio path on the committed fixtures: telephone audio (8 kHz, 20 ms frames) → Silero VAD → pocketsphinx →
 * turns → the scam detector. The courier fraudster's side must drive the detector to at least `alert`; the dental
 * practice confirming an appointment must stay at `none`. The recognised words are printed as test diagnostics.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixtures, frames, pocketsphinxMissing, readWav, silentLog } from '../../test/audio/speech-kit.js';
import { loadDetectorModel } from '../app/detector-model.js';
import { createCallDetector } from '../detection/call-detector.js';
import { type ActionLevel, actionRank } from '../detection/stages.js';
import type { HeardUtterance, SpeechPipeline } from '../guard/call-audio.js';
import { createPocketsphinxEngine } from './pocketsphinx-engine.js';
import { createSpeechPipelineFrom } from './speech-pipeline.js';
import { createVadPool } from './voice-activity.js';

const skip = pocketsphinxMissing();
let pipeline: SpeechPipeline;

before(async () => {
  if (skip) return;
  // A generous time limit: CI machines run other suites beside this one.
  const engine = await createPocketsphinxEngine({ workers: 2, timeoutMs: 120_000 }, silentLog);
  pipeline = createSpeechPipelineFrom({ vadPool: createVadPool(), engine, keywordSpotting: null }, silentLog);
});
after(async () => {
  await pipeline?.close();
});

async function hear(path: string): Promise<HeardUtterance[]> {
  const heard: HeardUtterance[] = [];
  const listener = pipeline.listen('fixture', (h) => heard.push(h));
  for (const frame of frames(readWav(path).samples)) listener.hear('caller', frame);
  await listener.close();
  return heard;
}

async function detect(heard: HeardUtterance[], diagnostic: (line: string) => void): Promise<ActionLevel> {
  const detector = createCallDetector(await loadDetectorModel());
  let level: ActionLevel = 'none';
  for (const utterance of heard) {
    const assessment = detector.addTurn({ speaker: utterance.speaker, text: utterance.text });
    level = assessment.action;
    diagnostic(`${assessment.action} ${assessment.risk.toFixed(2)}  "${utterance.text}"`);
  }
  return level;
}

test('the courier fraudster recorded on a phone line is recognised well enough for the detector to alert', {
  skip,
}, async (t) => {
  const heard = await hear(fixtures.scamCaller);
  assert.equal(heard.length, 7, 'one utterance per sentence');
  const level = await detect(heard, (line) => t.diagnostic(line));
  assert.ok(actionRank[level] >= actionRank.alert, `the detector only reached ${level}`);
  assert.ok(heard.some((h) => /\bpin number\b/.test(h.text)));
});

test('the dental practice confirming an appointment leaves the detector at none', { skip }, async (t) => {
  const heard = await hear(fixtures.dentistCaller);
  assert.equal(heard.length, 4, 'one utterance per sentence');
  assert.equal(await detect(heard, (line) => t.diagnostic(line)), 'none');
});
