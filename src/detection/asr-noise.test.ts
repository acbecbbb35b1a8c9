import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asrVariant, createAsrNoise } from './asr-noise.js';

test('is deterministic for a seed', () => {
  const text = 'DC Hughes here. Put your card and £500 in an envelope for the courier.';
  assert.equal(createAsrNoise(7)(text), createAsrNoise(7)(text));
  assert.notEqual(createAsrNoise(7)(text), createAsrNoise(8)(text));
});

test('produces lower-case text without punctuation or digits', () => {
  const noisy = createAsrNoise(3)('Call 999 NOW, Mrs Price! Your PIN is 4821.');
  assert.match(noisy, /^[a-z' ]+$/);
  assert.ok(!/\d/.test(noisy));
});

test('keeps speakers and the number of turns', () => {
  const turns = [
    { speaker: 'caller' as const, text: 'Hello.' },
    { speaker: 'callee' as const, text: 'Who is this?' },
  ];
  const noisy = asrVariant(turns, 1);
  assert.deepEqual(
    noisy.map((t) => t.speaker),
    ['caller', 'callee'],
  );
});
