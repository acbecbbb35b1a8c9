import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anRtpPacket, parseRtp, type RtpPacket, serializeRtp } from './rtp-packet.js';

function parsed(bytes: Uint8Array): RtpPacket {
  const result = parseRtp(bytes);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.packet;
}

test('parses the fixed header of a PCMU packet byte by byte', () => {
  const bytes = new Uint8Array([0x80, 0x80, 0x12, 0x34, 0x00, 0x00, 0x01, 0x40, 0xde, 0xad, 0xbe, 0xef, 0xff, 0x7f]);
  const packet = parsed(bytes);
  assert.equal(packet.version, 2);
  assert.equal(packet.marker, true);
  assert.equal(packet.payloadType, 0);
  assert.equal(packet.sequence, 0x1234);
  assert.equal(packet.timestamp, 320);
  assert.equal(packet.ssrc, 0xdeadbeef);
  assert.deepEqual([...packet.payload], [0xff, 0x7f]);
  assert.equal(packet.paddingLength, 0);
});

test('round-trips CSRCs, a header extension, padding and wrapped counters', () => {
  const packet = anRtpPacket({
    payloadType: 101,
    sequence: 65535,
    timestamp: 0xffffffff,
    ssrc: 0x80000001,
    marker: true,
    csrcs: [1, 0xffffffff],
    extension: { profile: 0xbede, data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) },
    payload: new Uint8Array([9, 8, 7]),
    paddingLength: 5,
  });
  const bytes = serializeRtp(packet);
  assert.equal(bytes.length, 12 + 8 + 4 + 8 + 3 + 5);
  assert.equal((bytes[0] ?? 0) & 0x30, 0x30);
  const back = parsed(bytes);
  assert.deepEqual(
    { ...back, payload: [...back.payload], extension: { ...back.extension, data: [...(back.extension?.data ?? [])] } },
    {
      ...packet,
      payload: [9, 8, 7],
      extension: { profile: 0xbede, data: [1, 2, 3, 4, 5, 6, 7, 8] },
    },
  );
  assert.equal(
    serializeRtp(
      anRtpPacket({ payloadType: 0, sequence: 65536, timestamp: 2 ** 32, ssrc: 1, payload: new Uint8Array() }),
    )[3],
    0,
  );
});

test('rejects garbage with a reason instead of throwing', () => {
  const cases: [string, number[]][] = [
    ['too short', [0x80, 0x00, 0x00]],
    ['version', [0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['CSRC', [0x83, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]],
    ['extension header', [0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe]],
    ['extension (2 words)', [0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 2, 1, 2, 3, 4]],
    ['padding count is 0', [0xa0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]],
    ['padding (9)', [0xa0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9]],
  ];
  for (const [expected, bytes] of cases) {
    const result = parseRtp(new Uint8Array(bytes));
    assert.equal(result.ok, false, expected);
    assert.match(result.ok ? '' : result.reason, new RegExp(expected.replace(/[()]/g, '\\$&')));
  }
  for (let seed = 0; seed < 2000; seed += 1) {
    const random = Uint8Array.from({ length: seed % 40 }, (_, i) => (seed * 7919 + i * 104729) & 0xff);
    assert.doesNotThrow(() => parseRtp(random));
  }
});

test('refuses to serialise a packet no peer could parse', () => {
  const base = { payloadType: 0, sequence: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array() };
  assert.throws(() => serializeRtp(anRtpPacket({ ...base, csrcs: Array.from({ length: 16 }, () => 1) })), RangeError);
  assert.throws(
    () => serializeRtp(anRtpPacket({ ...base, extension: { profile: 1, data: new Uint8Array(3) } })),
    RangeError,
  );
});
