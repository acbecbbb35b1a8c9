/**
 * RTP fixed header and payload (RFC 3550 §5.1): parsing never throws — a datagram from the network is either a
 * packet or a reason it is not one — and serialising is the exact inverse for every packet parsing accepts.
 *
 * @example
 * const bytes = serializeRtp(anRtpPacket({ payloadType: 0, sequence: 7, timestamp: 160, ssrc: 42, payload }));
 * const result = parseRtp(bytes);
 * if (result.ok) result.packet.sequence; // 7
 */

/** A header extension (RFC 3550 §5.3.1): a 16-bit profile-defined value and a whole number of 32-bit words. */
export interface RtpExtension {
  readonly profile: number;
  readonly data: Uint8Array;
}

export interface RtpPacket {
  readonly version: 2;
  readonly marker: boolean;
  readonly payloadType: number;
  /** 16-bit, wraps. */
  readonly sequence: number;
  /** 32-bit, wraps; in units of the payload's clock (8000 Hz for G.711 and telephone-event). */
  readonly timestamp: number;
  readonly ssrc: number;
  readonly csrcs: readonly number[];
  readonly extension: RtpExtension | null;
  readonly payload: Uint8Array;
  /** Number of padding octets after the payload (including the count octet itself); 0 when the P bit is clear. */
  readonly paddingLength: number;
}

export type RtpParseResult = { ok: true; packet: RtpPacket } | { ok: false; reason: string };

const fixedHeaderLength = 12;

/**
 * Parses one datagram as RTP. The payload is a view into `bytes` (no copy); copy it if the buffer is reused.
 *
 * @example
 * const result = parseRtp(datagram);
 * if (!result.ok) dropped.inc({ reason: result.reason });
 */
export function parseRtp(bytes: Uint8Array): RtpParseResult {
  if (bytes.length < fixedHeaderLength)
    return { ok: false, reason: `too short for an RTP header (${bytes.length} bytes)` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint8(0);
  const version = first >> 6;
  if (version !== 2) return { ok: false, reason: `RTP version ${version}, expected 2` };
  const hasPadding = (first & 0x20) !== 0;
  const hasExtension = (first & 0x10) !== 0;
  const csrcCount = first & 0x0f;
  const second = view.getUint8(1);
  let offset = fixedHeaderLength;
  const csrcs: number[] = [];
  if (bytes.length < offset + csrcCount * 4)
    return { ok: false, reason: `CSRC list (${csrcCount}) overruns the packet` };
  for (let i = 0; i < csrcCount; i += 1) {
    csrcs.push(view.getUint32(offset));
    offset += 4;
  }
  let extension: RtpExtension | null = null;
  if (hasExtension) {
    if (bytes.length < offset + 4) return { ok: false, reason: 'extension header overruns the packet' };
    const profile = view.getUint16(offset);
    const words = view.getUint16(offset + 2);
    offset += 4;
    if (bytes.length < offset + words * 4)
      return { ok: false, reason: `extension (${words} words) overruns the packet` };
    extension = { profile, data: bytes.subarray(offset, offset + words * 4) };
    offset += words * 4;
  }
  let end = bytes.length;
  let paddingLength = 0;
  if (hasPadding) {
    paddingLength = bytes[bytes.length - 1] ?? 0;
    if (paddingLength === 0) return { ok: false, reason: 'padding bit set but padding count is 0' };
    if (paddingLength > end - offset) return { ok: false, reason: `padding (${paddingLength}) overruns the payload` };
    end -= paddingLength;
  }
  return {
    ok: true,
    packet: {
      version: 2,
      marker: (second & 0x80) !== 0,
      payloadType: second & 0x7f,
      sequence: view.getUint16(2),
      timestamp: view.getUint32(4),
      ssrc: view.getUint32(8),
      csrcs,
      extension,
      payload: bytes.subarray(offset, end),
      paddingLength,
    },
  };
}

/**
 * A packet with defaults for everything but the essentials (no CSRCs, extension, padding or marker).
 *
 * @example
 * anRtpPacket({ payloadType: 8, sequence: 1, timestamp: 0, ssrc: 0x1234, payload: new Uint8Array(160) });
 */
export function anRtpPacket(
  fields: Pick<RtpPacket, 'payloadType' | 'sequence' | 'timestamp' | 'ssrc' | 'payload'> & Partial<RtpPacket>,
): RtpPacket {
  return { version: 2, marker: false, csrcs: [], extension: null, paddingLength: 0, ...fields };
}

/**
 * Serialises a packet. Fields are masked to their widths (sequence to 16 bits, timestamp and SSRC to 32) so
 * callers can count with plain numbers. Throws only on a packet no peer could parse (a bug, not bad input):
 * more than 15 CSRCs, an extension not a whole number of words, or padding outside 0–255.
 *
 * @example
 * socket.send(serializeRtp(anRtpPacket({ payloadType: 0, sequence, timestamp, ssrc, payload })), port, address);
 */
export function serializeRtp(packet: RtpPacket): Uint8Array {
  const { csrcs, extension, payload, paddingLength } = packet;
  if (csrcs.length > 15) throw new RangeError(`an RTP packet carries at most 15 CSRCs, not ${csrcs.length}`);
  if (extension && extension.data.length % 4 !== 0)
    throw new RangeError('RTP extension data must be whole 32-bit words');
  if (paddingLength < 0 || paddingLength > 255) throw new RangeError(`RTP padding must be 0–255, not ${paddingLength}`);
  const extensionLength = extension ? 4 + extension.data.length : 0;
  const length = fixedHeaderLength + csrcs.length * 4 + extensionLength + payload.length + paddingLength;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 0x80 | (paddingLength > 0 ? 0x20 : 0) | (extension ? 0x10 : 0) | csrcs.length);
  view.setUint8(1, (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f));
  view.setUint16(2, packet.sequence & 0xffff);
  view.setUint32(4, packet.timestamp >>> 0);
  view.setUint32(8, packet.ssrc >>> 0);
  let offset = fixedHeaderLength;
  for (const csrc of csrcs) {
    view.setUint32(offset, csrc >>> 0);
    offset += 4;
  }
  if (extension) {
    view.setUint16(offset, extension.profile & 0xffff);
    view.setUint16(offset + 2, extension.data.length / 4);
    bytes.set(extension.data, offset + 4);
    offset += extensionLength;
  }
  bytes.set(payload, offset);
  if (paddingLength > 0) bytes[length - 1] = paddingLength;
  return bytes;
}
