import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMuLaw, encodeMuLaw } from './g711.js';
import { readWav, writeWav } from './wav.js';

const aSweep = () => Int16Array.from({ length: 801 }, (_, i) => Math.round(20000 * Math.sin(i / (3 + i / 200))));

test('round-trips 16-bit PCM exactly and G.711 within companding', () => {
  const samples = aSweep();
  for (const encoding of ['pcm16', 'mulaw', 'alaw'] as const) {
    const bytes = writeWav(samples, encoding);
    assert.equal(bytes.length % 2, 0, 'RIFF chunks are padded to even length');
    const read = readWav(bytes);
    assert.ok(read.ok, read.ok ? '' : read.reason);
    assert.equal(read.wav.encoding, encoding);
    assert.equal(read.wav.samples.length, samples.length);
    if (encoding === 'pcm16') assert.deepEqual(read.wav.samples, samples);
    if (encoding === 'mulaw') assert.deepEqual(read.wav.samples, decodeMuLaw(encodeMuLaw(samples)));
    for (const [i, sample] of samples.entries()) {
      assert.ok(Math.abs((read.wav.samples[i] ?? 0) - sample) <= Math.abs(sample) / 32 + 16);
    }
  }
});

test('writes the header fields players expect (format tag 7, 8 kHz, fact chunk)', () => {
  const bytes = writeWav(new Int16Array(3), 'mulaw');
  const view = new DataView(bytes.buffer);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), 'RIFF');
  assert.equal(view.getUint32(4, true), bytes.length - 8);
  assert.equal(view.getUint16(20, true), 7);
  assert.equal(view.getUint32(24, true), 8000);
  assert.equal(new TextDecoder().decode(bytes.subarray(38, 42)), 'fact');
});

/** A hand-made header, for formats we do not write. */
function aWav(fields: { tag?: number; channels?: number; rate?: number; bits?: number; extra?: Uint8Array } = {}) {
  const data = new Uint8Array(8);
  const extra = fields.extra ?? new Uint8Array();
  const bytes = new Uint8Array(12 + 8 + 16 + extra.length + 8 + data.length);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('RIFF'), 0);
  view.setUint32(4, bytes.length - 8, true);
  bytes.set(new TextEncoder().encode('WAVEfmt '), 8);
  view.setUint32(16, 16 + extra.length, true);
  view.setUint16(20, fields.tag ?? 1, true);
  view.setUint16(22, fields.channels ?? 1, true);
  view.setUint32(24, fields.rate ?? 8000, true);
  view.setUint16(34, fields.bits ?? 16, true);
  bytes.set(extra, 36);
  bytes.set(new TextEncoder().encode('data'), 36 + extra.length);
  view.setUint32(40 + extra.length, data.length, true);
  return bytes;
}

test('explains why other formats cannot be read', () => {
  const reason = (bytes: Uint8Array) => {
    const read = readWav(bytes);
    return read.ok ? 'ok' : read.reason;
  };
  assert.equal(reason(aWav()), 'ok');
  assert.match(reason(new TextEncoder().encode('ID3 not a wav file')), /not a WAV file/);
  assert.match(reason(aWav({ tag: 3, bits: 32 })), /unsupported WAV format tag 3 .*sox/);
  assert.match(reason(aWav({ rate: 16000 })), /16000 Hz with 1 channel\(s\), need 8000 Hz mono/);
  assert.match(reason(aWav({ channels: 2 })), /2 channel/);
  assert.match(reason(aWav({ tag: 7, bits: 16 })), /mulaw WAV with 16 bits per sample \(need 8\)/);
  assert.match(reason(aWav().subarray(0, 30)), /fmt chunk too short/);
  assert.match(reason(aWav().subarray(0, 40)), /no data chunk/);
});

test('skips unknown chunks, including odd-sized ones with their pad byte', () => {
  const plain = writeWav(new Int16Array([1, -2, 3]), 'pcm16');
  const list = new Uint8Array([...new TextEncoder().encode('LIST'), 3, 0, 0, 0, 7, 7, 7, 0]);
  const read = readWav(new Uint8Array([...plain.subarray(0, 36), ...list, ...plain.subarray(36)]));
  assert.ok(read.ok, read.ok ? '' : read.reason);
  assert.deepEqual([...read.wav.samples], [1, -2, 3]);
});

test('reads WAVE_FORMAT_EXTENSIBLE by its sub-format', () => {
  const extra = new Uint8Array(24);
  new DataView(extra.buffer).setUint16(0, 22, true);
  new DataView(extra.buffer).setUint16(8, 1, true); // SubFormat GUID starts with the PCM tag
  const read = readWav(aWav({ tag: 0xfffe, extra }));
  assert.ok(read.ok, read.ok ? '' : read.reason);
  assert.equal(read.wav.encoding, 'pcm16');
});
