/**
 * WAV (RIFF WAVE) files in the formats telephony audio comes in: 8 kHz mono, 16-bit linear PCM (format tag 1),
 * A-law (6) or µ-law (7), also when wrapped in WAVE_FORMAT_EXTENSIBLE. Reading never throws: anything else is a
 * tagged error that says what the file is and how to convert it.
 *
 * @example
 * const read = readWav(await readFile('prompts/tone.wav'));
 * if (!read.ok) throw new Error(read.reason);
 * read.wav.samples; // Int16Array at 8 kHz
 */
import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from './g711.js';

export const wavEncodings = ['pcm16', 'alaw', 'mulaw'] as const;
export type WavEncoding = (typeof wavEncodings)[number];

const formatTags = { pcm16: 1, alaw: 6, mulaw: 7 } as const satisfies Record<WavEncoding, number>;
const extensibleTag = 0xfffe;
export const telephonySampleRate = 8000;

export interface Wav {
  readonly encoding: WavEncoding;
  readonly sampleRate: typeof telephonySampleRate;
  readonly channels: 1;
  /** Linear PCM, decoded from G.711 where the file is companded. */
  readonly samples: Int16Array;
}

export type WavReadResult = { ok: true; wav: Wav } | { ok: false; reason: string };

const conversionHint = 'convert with: sox input.wav -r 8000 -c 1 -e u-law output.wav';

function fourCc(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

/**
 * Reads a WAV file held in memory.
 *
 * @example
 * const result = readWav(bytes);
 * if (result.ok) session.play(result.wav.samples);
 */
export function readWav(bytes: Uint8Array): WavReadResult {
  if (bytes.length < 12 || fourCc(bytes, 0) !== 'RIFF' || fourCc(bytes, 8) !== 'WAVE') {
    return { ok: false, reason: 'not a WAV file (no RIFF/WAVE header)' };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: { tag: number; channels: number; sampleRate: number; bitsPerSample: number } | null = null;
  let data: Uint8Array | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = fourCc(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    // Writers that stream (sox to a pipe, some recorders) cannot know the data size and overstate it: clamp.
    const end = Math.min(bytes.length, body + size);
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return { ok: false, reason: `fmt chunk too short (${size} bytes)` };
      let tag = view.getUint16(body, true);
      if (tag === extensibleTag) {
        if (size < 40 || body + 40 > bytes.length)
          return { ok: false, reason: 'WAVE_FORMAT_EXTENSIBLE fmt chunk too short' };
        tag = view.getUint16(body + 24, true); // the first two bytes of the SubFormat GUID are the format tag
      }
      format = {
        tag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      data = bytes.subarray(body, end);
      break;
    }
    offset = body + size + (size % 2); // chunks are padded to an even length
  }
  if (!format) return { ok: false, reason: 'WAV file has no fmt chunk' };
  if (!data) return { ok: false, reason: 'WAV file has no data chunk' };
  const encoding = wavEncodings.find((candidate) => formatTags[candidate] === format.tag);
  if (!encoding) {
    return {
      ok: false,
      reason: `unsupported WAV format tag ${format.tag} (need 1 PCM, 6 A-law or 7 µ-law); ${conversionHint}`,
    };
  }
  const expectedBits = encoding === 'pcm16' ? 16 : 8;
  if (format.bitsPerSample !== expectedBits) {
    return {
      ok: false,
      reason: `${encoding} WAV with ${format.bitsPerSample} bits per sample (need ${expectedBits}); ${conversionHint}`,
    };
  }
  if (format.sampleRate !== telephonySampleRate || format.channels !== 1) {
    return {
      ok: false,
      reason: `WAV is ${format.sampleRate} Hz with ${format.channels} channel(s), need 8000 Hz mono; ${conversionHint}`,
    };
  }
  let samples: Int16Array;
  if (encoding === 'pcm16') {
    samples = new Int16Array(Math.floor(data.length / 2));
    const dataView = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < samples.length; i += 1) samples[i] = dataView.getInt16(i * 2, true);
  } else {
    samples = encoding === 'mulaw' ? decodeMuLaw(data) : decodeALaw(data);
  }
  return { ok: true, wav: { encoding, sampleRate: telephonySampleRate, channels: 1, samples } };
}

/**
 * Writes 8 kHz mono samples as a WAV file in the given encoding (G.711 files carry the `fact` chunk the spec asks of
 * non-PCM formats).
 *
 * @example
 * await writeFile('recording.wav', writeWav(recording, 'mulaw'));
 */
export function writeWav(samples: Int16Array, encoding: WavEncoding): Uint8Array {
  const bytesPerSample = encoding === 'pcm16' ? 2 : 1;
  const dataLength = samples.length * bytesPerSample;
  const companded = encoding !== 'pcm16';
  const fmtLength = companded ? 18 : 16;
  const factLength = companded ? 12 : 0;
  const headerLength = 12 + 8 + fmtLength + factLength + 8;
  const padding = dataLength % 2;
  const bytes = new Uint8Array(headerLength + dataLength + padding);
  const view = new DataView(bytes.buffer);
  const writeId = (at: number, id: string) => {
    for (let i = 0; i < 4; i += 1) bytes[at + i] = id.charCodeAt(i);
  };
  writeId(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  writeId(8, 'WAVE');
  writeId(12, 'fmt ');
  view.setUint32(16, fmtLength, true);
  view.setUint16(20, formatTags[encoding], true);
  view.setUint16(22, 1, true);
  view.setUint32(24, telephonySampleRate, true);
  view.setUint32(28, telephonySampleRate * bytesPerSample, true);
  view.setUint16(32, bytesPerSample, true);
  view.setUint16(34, bytesPerSample * 8, true);
  let offset = 36;
  if (companded) {
    view.setUint16(offset, 0, true); // cbSize: no extra format bytes
    offset += 2;
    writeId(offset, 'fact');
    view.setUint32(offset + 4, 4, true);
    view.setUint32(offset + 8, samples.length, true);
    offset += 12;
  }
  writeId(offset, 'data');
  view.setUint32(offset + 4, dataLength, true);
  offset += 8;
  if (encoding === 'pcm16') {
    for (let i = 0; i < samples.length; i += 1) view.setInt16(offset + i * 2, samples[i] ?? 0, true);
  } else {
    bytes.set(encoding === 'mulaw' ? encodeMuLaw(samples) : encodeALaw(samples), offset);
  }
  return bytes;
}
