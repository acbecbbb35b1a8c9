import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildTelephoneEvent,
  DtmfDetector,
  dtmfDigitOf,
  dtmfEventCode,
  parseTelephoneEvent,
  type TelephoneEvent,
} from './telephone-event.js';

function aPacket(timestamp: number, event: Partial<TelephoneEvent> & { event: number }) {
  return { timestamp, payload: buildTelephoneEvent({ end: false, volume: 10, duration: 160, ...event }) };
}

/** The packets a well-behaved sender emits for one press: start (sent twice here), updates, end three times. */
function aPress(timestamp: number, event: number, updates = 4) {
  const packets = [aPacket(timestamp, { event }), aPacket(timestamp, { event })];
  for (let i = 2; i <= updates; i += 1) packets.push(aPacket(timestamp, { event, duration: i * 160 }));
  for (let i = 0; i < 3; i += 1) packets.push(aPacket(timestamp, { event, end: true, duration: updates * 160 }));
  return packets;
}

test('parses and builds the RFC 4733 payload fields', () => {
  assert.deepEqual(parseTelephoneEvent(new Uint8Array([5, 0x8a, 0x03, 0x20])), {
    ok: true,
    event: { event: 5, end: true, volume: 10, duration: 800 },
  });
  assert.deepEqual(
    [...buildTelephoneEvent({ event: 11, end: false, volume: 63, duration: 0x1234 })],
    [11, 0x3f, 0x12, 0x34],
  );
  assert.deepEqual([...buildTelephoneEvent({ event: 1, end: true, volume: 99, duration: 1e6 })], [1, 0xbf, 0xff, 0xff]);
  assert.equal(parseTelephoneEvent(new Uint8Array([1, 2])).ok, false);
});

test('maps digits, star, pound and A–D to event codes and back', () => {
  assert.deepEqual(['0', '9', '*', '#', 'A', 'd'].map(dtmfEventCode), [0, 9, 10, 11, 12, 15]);
  assert.equal(dtmfEventCode('x'), null);
  assert.equal(dtmfDigitOf(11), '#');
  assert.equal(dtmfDigitOf(16), null);
});

test('reports each press once despite retransmitted starts and the three end packets', () => {
  const detector = new DtmfDetector();
  const digits = [...aPress(1000, 1), ...aPress(3000, 9), ...aPress(5000, 11)]
    .map((packet) => detector.push(packet)?.digit)
    .filter(Boolean);
  assert.deepEqual(digits, ['1', '9', '#']);
});

test('reports the same key pressed twice as two presses (different event timestamps)', () => {
  const detector = new DtmfDetector();
  const digits = [...aPress(1000, 3), ...aPress(2400, 3)].map((packet) => detector.push(packet)?.digit).filter(Boolean);
  assert.deepEqual(digits, ['3', '3']);
});

test('still reports a press whose start packets were lost, and ignores stragglers of an earlier press', () => {
  const detector = new DtmfDetector();
  const first = aPress(1000, 4);
  const second = aPress(4000, 5);
  const arrivals = [...first.slice(2), ...second.slice(0, 3), first[0]!, ...second.slice(3)];
  assert.deepEqual(arrivals.map((packet) => detector.push(packet)?.digit).filter(Boolean), ['4', '5']);
});

test('treats the segments of a press longer than 8 seconds as one press', () => {
  const detector = new DtmfDetector();
  const reported = [
    aPacket(0, { event: 7 }),
    aPacket(0, { event: 7, duration: 0xffff }),
    aPacket(0xffff, { event: 7, duration: 800 }),
    aPacket(0xffff, { event: 7, duration: 1600, end: true }),
  ].map((packet) => detector.push(packet)?.digit);
  assert.deepEqual(reported.filter(Boolean), ['7']);
});

test('ignores flash and malformed payloads, and forgets everything on reset', () => {
  const detector = new DtmfDetector();
  assert.equal(detector.push(aPacket(10, { event: 16 })), null);
  assert.equal(detector.push({ timestamp: 20, payload: new Uint8Array([1]) }), null);
  assert.deepEqual(detector.push(aPacket(30, { event: 0 })), { digit: '0', timestamp: 30 });
  detector.reset();
  assert.deepEqual(detector.push(aPacket(30, { event: 0 })), { digit: '0', timestamp: 30 });
});
