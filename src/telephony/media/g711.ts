/**
 * ITU-T G.711 companding: 16-bit linear PCM ↔ 8-bit µ-law (PCMU, RTP payload type 0) and A-law (PCMA, type 8).
 * The arithmetic follows the ITU-T G.191 reference (and Sun's public-domain g711.c); encoding and decoding
 * go through tables built once at load (64 KiB per encoder, 512 bytes per decoder) so a 20 ms frame costs 160 lookups.
 *
 * @example
 * const bytes = encodeMuLaw(new Int16Array([0, 1000, -1000]));
 * decodeMuLaw(bytes); // Int16Array [0, 988, -988]
 */

/** The two G.711 laws, named as in SDP rtpmap lines. */
export const g711Codecs = ['PCMU', 'PCMA'] as const;
export type G711Codec = (typeof g711Codecs)[number];

/** Static RTP payload type of each law (RFC 3551). */
export const g711PayloadType = { PCMU: 0, PCMA: 8 } as const satisfies Record<G711Codec, number>;

function muLawDecodeOne(code: number): number {
  const u = ~code & 0xff;
  let t = ((u & 0x0f) << 3) + 0x84;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

function aLawDecodeOne(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) t += 8;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

const muLawSegmentEnds = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const aLawSegmentEnds = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

function segmentOf(value: number, ends: readonly number[]): number {
  let segment = 0;
  while (segment < ends.length && value > (ends[segment] ?? 0)) segment += 1;
  return segment;
}

function muLawEncodeOne(sample: number): number {
  // As ITU-T G.191's reference: negative samples take the one's complement (~x), so the law is symmetric about −½
  // and −1 encodes as negative zero (0x7f); 14-bit magnitude plus a bias of 33 makes segment ends powers of two.
  const mask = sample < 0 ? 0x7f : 0xff;
  const value = Math.min(((sample < 0 ? ~sample : sample) >> 2) + 0x21, 0x1fff);
  const segment = segmentOf(value, muLawSegmentEnds);
  return ((segment << 4) | ((value >> (segment + 1)) & 0x0f)) ^ mask;
}

function aLawEncodeOne(sample: number): number {
  let value = sample >> 3;
  let mask = 0xd5;
  if (value < 0) {
    mask = 0x55;
    value = -value - 1;
  }
  const segment = segmentOf(value, aLawSegmentEnds);
  if (segment >= 8) return 0x7f ^ mask;
  const mantissa = segment < 2 ? (value >> 1) & 0x0f : (value >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

function buildDecodeTable(decodeOne: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code += 1) table[code] = decodeOne(code);
  return table;
}

/** Indexed by the sample's 16 bits as unsigned (`sample & 0xffff`). */
function buildEncodeTable(encodeOne: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let sample = -32768; sample < 32768; sample += 1) table[sample & 0xffff] = encodeOne(sample);
  return table;
}

const muLawToLinear = buildDecodeTable(muLawDecodeOne);
const aLawToLinear = buildDecodeTable(aLawDecodeOne);
const linearToMuLaw = buildEncodeTable(muLawEncodeOne);
const linearToALaw = buildEncodeTable(aLawEncodeOne);

function encodeWith(table: Uint8Array, samples: Int16Array, out?: Uint8Array): Uint8Array {
  const target = out ?? new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) target[i] = table[(samples[i] ?? 0) & 0xffff] ?? 0;
  return target;
}

function decodeWith(table: Int16Array, bytes: Uint8Array, out?: Int16Array): Int16Array {
  const target = out ?? new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) target[i] = table[bytes[i] ?? 0xff] ?? 0;
  return target;
}

/**
 * Encodes linear PCM as µ-law bytes (into `out` when given, which must be at least as long).
 *
 * @example
 * encodeMuLaw(new Int16Array([0, -32768])); // Uint8Array [0xff, 0x00]
 */
export function encodeMuLaw(samples: Int16Array, out?: Uint8Array): Uint8Array {
  return encodeWith(linearToMuLaw, samples, out);
}

/**
 * Decodes µ-law bytes to linear PCM.
 *
 * @example
 * decodeMuLaw(new Uint8Array([0xff, 0x00])); // Int16Array [0, -32124]
 */
export function decodeMuLaw(bytes: Uint8Array, out?: Int16Array): Int16Array {
  return decodeWith(muLawToLinear, bytes, out);
}

/**
 * Encodes linear PCM as A-law bytes.
 *
 * @example
 * encodeALaw(new Int16Array([8, -8])); // Uint8Array [0xd5, 0x55]
 */
export function encodeALaw(samples: Int16Array, out?: Uint8Array): Uint8Array {
  return encodeWith(linearToALaw, samples, out);
}

/**
 * Decodes A-law bytes to linear PCM.
 *
 * @example
 * decodeALaw(new Uint8Array([0xd5, 0x55])); // Int16Array [8, -8]
 */
export function decodeALaw(bytes: Uint8Array, out?: Int16Array): Int16Array {
  return decodeWith(aLawToLinear, bytes, out);
}

/**
 * Encodes with the named law.
 *
 * @example
 * encodeG711('PCMA', new Int16Array(160)); // 160 bytes of A-law silence (0xd5)
 */
export function encodeG711(codec: G711Codec, samples: Int16Array, out?: Uint8Array): Uint8Array {
  return codec === 'PCMU' ? encodeMuLaw(samples, out) : encodeALaw(samples, out);
}

/**
 * Decodes with the named law.
 *
 * @example
 * decodeG711('PCMU', new Uint8Array([0xff])); // Int16Array [0]
 */
export function decodeG711(codec: G711Codec, bytes: Uint8Array, out?: Int16Array): Int16Array {
  return codec === 'PCMU' ? decodeMuLaw(bytes, out) : decodeALaw(bytes, out);
}

/**
 * Converts G.711 bytes from one law to the other without an intermediate buffer (for relaying between legs).
 *
 * @example
 * transcodeG711('PCMU', 'PCMA', new Uint8Array([0xff])); // Uint8Array [0xd5]
 */
export function transcodeG711(from: G711Codec, to: G711Codec, bytes: Uint8Array): Uint8Array {
  if (from === to) return bytes.slice();
  const decode = from === 'PCMU' ? muLawToLinear : aLawToLinear;
  const encode = to === 'PCMU' ? linearToMuLaw : linearToALaw;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) out[i] = encode[(decode[bytes[i] ?? 0] ?? 0) & 0xffff] ?? 0;
  return out;
}
