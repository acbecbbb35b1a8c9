import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { normalizeText } from './text-normalizer.js';
import {
  defaultRecordingThreshold,
  featurize,
  parseDetectorModel,
  scoreTurn,
  turnLogits,
  utteranceLogits,
} from './turn-classifier.js';

const model = parseDetectorModel(
  JSON.parse(readFileSync(new URL('../../models/detector/detector-model.json', import.meta.url), 'utf8')),
);

test('scoring an utterance without allocating gives the same log-odds as featurize then turnLogits', () => {
  for (const text of [
    'Read me the four numbers you use at the cashpoint.',
    'um yeah hello',
    'A courier will collect your cards in an envelope within the hour, officer Hughes says.',
    '',
  ]) {
    const normalized = normalizeText(text);
    const expected = Array.from(turnLogits(model, featurize(normalized, model.hashBits)));
    assert.deepEqual(Array.from(utteranceLogits(model, normalized)), expected, text);
  }
});

test('the learned turn model scores a PIN ask as a credential ask and small talk as none', () => {
  const ask = scoreTurn(model, featurize(normalizeText('read me your pin number please'), model.hashBits));
  const chat = scoreTurn(model, featurize(normalizeText('lovely weather for the garden today'), model.hashBits));
  assert.ok(ask['credential-ask'] > 0.8, String(ask['credential-ask']));
  assert.ok(chat['credential-ask'] < 0.2, String(chat['credential-ask']));
});

test('a model file without a recording threshold loads with the near-certain default; a bad one is refused', () => {
  const file = JSON.parse(readFileSync(new URL('../../models/detector/detector-model.json', import.meta.url), 'utf8'));
  const { recording: _recording, ...older } = file.thresholds;
  assert.equal(parseDetectorModel({ ...file, thresholds: older }).thresholds.recording, defaultRecordingThreshold);
  assert.throws(() => parseDetectorModel({ ...file, thresholds: { ...older, recording: 1.5 } }));
});
