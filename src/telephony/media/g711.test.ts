import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw, transcodeG711 } from './g711.js';

const everySample = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
const everyCode = Uint8Array.from({ length: 256 }, (_, i) => i);

test('decodes µ-law to the ITU-T G.711 reference values', () => {
  const decoded = decodeMuLaw(new Uint8Array([0xff, 0x7f, 0x00, 0x80, 0xfe, 0x7e, 0xef, 0x6f]));
  assert.deepEqual([...decoded], [0, 0, -32124, 32124, 8, -8, 132, -132]);
});

test('decodes A-law to the ITU-T G.711 reference values', () => {
  const decoded = decodeALaw(new Uint8Array([0xd5, 0x55, 0x2a, 0xaa, 0xd4, 0x54]));
  assert.deepEqual([...decoded], [8, -8, -32256, 32256, 24, -24]);
});

test('encodes silence and full scale to the reference code words', () => {
  assert.deepEqual([...encodeMuLaw(new Int16Array([0, -1, 32767, -32768]))], [0xff, 0x7f, 0x80, 0x00]);
  assert.deepEqual([...encodeALaw(new Int16Array([0, -1, 32767, -32768]))], [0xd5, 0x55, 0xaa, 0x2a]);
});

test('re-encoding a decoded code word gives the same code word (except µ-law negative zero)', () => {
  const mu = encodeMuLaw(decodeMuLaw(everyCode));
  const a = encodeALaw(decodeALaw(everyCode));
  for (const code of everyCode) {
    assert.equal(mu[code], code === 0x7f ? 0xff : code, `µ-law 0x${code.toString(16)}`);
    assert.equal(a[code], code, `A-law 0x${code.toString(16)}`);
  }
});

test('the round trip error of every 16-bit sample stays within half a quantisation step', () => {
  // Steps double with each of the 8 segments: at most |x|/32 plus the smallest step, and the clip at full scale.
  for (const [name, roundTrip] of [
    ['µ-law', decodeMuLaw(encodeMuLaw(everySample))],
    ['A-law', decodeALaw(encodeALaw(everySample))],
  ] as const) {
    let worst = 0;
    for (const [i, sample] of everySample.entries()) {
      const error = Math.abs((roundTrip[i] ?? 0) - sample);
      assert.ok(error <= Math.abs(sample) / 32 + 8, `${name}: ${sample} → ${roundTrip[i]}`);
      worst = Math.max(worst, error);
    }
    assert.ok(worst <= 1024, `${name} worst error ${worst}`);
  }
});

test('is monotonic: a louder input never decodes quieter', () => {
  const mu = decodeMuLaw(encodeMuLaw(everySample));
  const a = decodeALaw(encodeALaw(everySample));
  for (let i = 1; i < everySample.length; i += 1) {
    assert.ok((mu[i] ?? 0) >= (mu[i - 1] ?? 0));
    assert.ok((a[i] ?? 0) >= (a[i - 1] ?? 0));
  }
});

test('transcodes between the laws as decode-then-encode would', () => {
  assert.deepEqual(transcodeG711('PCMU', 'PCMA', everyCode), encodeALaw(decodeMuLaw(everyCode)));
  assert.deepEqual(transcodeG711('PCMA', 'PCMU', everyCode), encodeMuLaw(decodeALaw(everyCode)));
  assert.deepEqual(transcodeG711('PCMU', 'PCMU', everyCode), everyCode);
});

test('encodes into a caller-supplied buffer without allocating', () => {
  const out = new Uint8Array(4);
  assert.equal(encodeMuLaw(new Int16Array([0, 0, 0, 0]), out), out);
  assert.deepEqual([...out], [0xff, 0xff, 0xff, 0xff]);
});
