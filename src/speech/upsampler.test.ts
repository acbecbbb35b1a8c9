import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUpsampler2x } from './upsampler.js';

function tone(hz: number, rate: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));
}

function rms(samples: Float32Array): number {
  return Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);
}

test('doubles the sample rate and keeps the level of a tone in the phone band', () => {
  const up = createUpsampler2x();
  const input = tone(1000, 8000, 8000);
  const out = new Float32Array([...up.push(input), ...up.flush()]);
  assert.equal(out.length, 16000);
  // Against the same tone made at 16 kHz (the first and last 3 ms are the filter's ramps).
  const reference = tone(1000, 16000, 16000);
  let error = 0;
  for (let i = 100; i < 15900; i++) error = Math.max(error, Math.abs((out[i] ?? 0) - (reference[i] ?? 0)));
  assert.ok(error < 0.01, `largest difference from a true 16 kHz tone: ${error}`);
  assert.ok(Math.abs(rms(out.subarray(100, 15900)) - rms(reference)) < 0.005);
});

test('gives the same samples fed in 20 ms frames as in one piece', () => {
  const input = tone(440, 8000, 4000);
  const whole = createUpsampler2x();
  const expected = [...whole.push(input), ...whole.flush()];
  const framed = createUpsampler2x();
  const got: number[] = [];
  for (let i = 0; i < input.length; i += 160) got.push(...framed.push(input.subarray(i, i + 160)));
  got.push(...framed.flush());
  assert.deepEqual(got, expected);
});
