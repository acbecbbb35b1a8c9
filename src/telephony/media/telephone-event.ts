/**
 * RFC 4733 telephone-event payloads (DTMF sent as RTP events rather than as tones in the audio) and a per-stream
 * detector that turns the packet train of each key press into exactly one digit.
 *
 * A key press is sent as one event identified by its RTP timestamp: a start packet (marker bit set), updates with a
 * growing duration, then the end packet sent three times. Starts may be retransmitted and packets lost or reordered,
 * so the detector keys events by timestamp, not by packet.
 *
 * @example
 * const detector = new DtmfDetector();
 * const digit = detector.push(packet); // { digit: '5', timestamp, durationMs: null } on the first packet of a press
 */
import type { RtpPacket } from './rtp-packet.js';

/** Event codes 0–15 in order (RFC 4733 §3.2): digits, star, pound, then A–D. */
export const dtmfDigits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'] as const;
export type DtmfDigit = (typeof dtmfDigits)[number];

/** Event 16 is hook flash; events 0–16 are what we offer in SDP (`a=fmtp:101 0-16`). */
export const flashEvent = 16;

export interface TelephoneEvent {
  /** 0–255; 0–15 are DTMF digits, 16 is flash. */
  readonly event: number;
  readonly end: boolean;
  /** Power level in −dBm0, 0–63 (larger is quieter). */
  readonly volume: number;
  /** In timestamp units (1/8000 s for an 8 kHz stream), 0–65535. */
  readonly duration: number;
}

export type TelephoneEventParseResult = { ok: true; event: TelephoneEvent } | { ok: false; reason: string };

/**
 * Parses a telephone-event payload. Only the first event block is read (RFC 4733 §2.5.1.5 redundancy via RFC 2198 is
 * not used by G.711 endpoints).
 *
 * @example
 * parseTelephoneEvent(new Uint8Array([5, 0x8a, 0x03, 0x20]));
 * // { ok: true, event: { event: 5, end: true, volume: 10, duration: 800 } }
 */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEventParseResult {
  if (payload.length < 4)
    return { ok: false, reason: `telephone-event payload is ${payload.length} bytes, expected 4` };
  const flags = payload[1] ?? 0;
  return {
    ok: true,
    event: {
      event: payload[0] ?? 0,
      end: (flags & 0x80) !== 0,
      volume: flags & 0x3f,
      duration: ((payload[2] ?? 0) << 8) | (payload[3] ?? 0),
    },
  };
}

/**
 * Builds a 4-byte telephone-event payload (the reserved bit is sent as 0). Values are clamped to their field widths.
 *
 * @example
 * buildTelephoneEvent({ event: dtmfEventCode('#'), end: false, volume: 10, duration: 160 });
 */
export function buildTelephoneEvent(event: TelephoneEvent): Uint8Array {
  const duration = Math.max(0, Math.min(0xffff, Math.round(event.duration)));
  const volume = Math.max(0, Math.min(63, Math.round(event.volume)));
  return new Uint8Array([event.event & 0xff, (event.end ? 0x80 : 0) | volume, duration >> 8, duration & 0xff]);
}

/**
 * The event code of a digit (case-insensitive for A–D), or null for anything that is not a DTMF key.
 *
 * @example
 * dtmfEventCode('*'); // 10
 */
export function dtmfEventCode(digit: string): number | null {
  const index = (dtmfDigits as readonly string[]).indexOf(digit.toUpperCase());
  return index >= 0 ? index : null;
}

/**
 * The digit of an event code, or null for codes that are not DTMF (flash, line events).
 *
 * @example
 * dtmfDigitOf(11); // '#'
 */
export function dtmfDigitOf(event: number): DtmfDigit | null {
  return dtmfDigits[event] ?? null;
}

/** A key press, reported once. */
export interface DetectedDigit {
  readonly digit: DtmfDigit;
  /** RTP timestamp of the event (shared by all its packets). */
  readonly timestamp: number;
}

/** How many recent event timestamps are remembered to recognise late duplicates. */
const rememberedEvents = 16;

/** Serial-number comparison of 32-bit timestamps (RFC 1982): is `a` before `b`? */
function timestampBefore(a: number, b: number): boolean {
  const delta = (b - a) >>> 0;
  return delta !== 0 && delta < 0x80000000;
}

/**
 * Reports each key press of one RTP stream exactly once, on the first packet of the press that arrives (start,
 * update or end — a press whose start packets were all lost is still reported). Create one per stream and call
 * `reset()` when the stream's SSRC changes.
 *
 * @example
 * const detector = new DtmfDetector();
 * for (const packet of packets) {
 *   const pressed = detector.push(packet);
 *   if (pressed) onDigit(pressed.digit);
 * }
 */
export class DtmfDetector {
  private readonly recent: number[] = [];
  private latest: { timestamp: number; event: number; duration: number; ended: boolean } | null = null;

  /** Feeds one telephone-event packet; returns the digit when this packet is the first seen of a new press. */
  push(packet: Pick<RtpPacket, 'timestamp' | 'payload'>): DetectedDigit | null {
    const parsed = parseTelephoneEvent(packet.payload);
    if (!parsed.ok) return null;
    const { event, end, duration } = parsed.event;
    const timestamp = packet.timestamp >>> 0;
    const latest = this.latest;
    if (this.recent.includes(timestamp)) {
      if (latest && latest.timestamp === timestamp) {
        latest.duration = Math.max(latest.duration, duration);
        latest.ended ||= end;
      }
      return null;
    }
    if (latest && timestampBefore(timestamp, latest.timestamp)) return null; // a straggler from an older press
    // A press longer than the 16-bit duration field is split into segments with new timestamps (RFC 4733 §2.5.1.3).
    const continuesLongPress =
      latest !== null &&
      !latest.ended &&
      latest.event === event &&
      latest.duration >= 0xffff - 8000 &&
      !timestampBefore(latest.timestamp + latest.duration + 8000, timestamp);
    this.remember(timestamp);
    this.latest = { timestamp, event, duration, ended: end };
    if (continuesLongPress) return null;
    const digit = dtmfDigitOf(event);
    return digit === null ? null : { digit, timestamp };
  }

  /** Forgets all presses (a new stream started). */
  reset(): void {
    this.recent.length = 0;
    this.latest = null;
  }

  private remember(timestamp: number): void {
    this.recent.push(timestamp);
    if (this.recent.length > rememberedEvents) this.recent.shift();
  }
}
