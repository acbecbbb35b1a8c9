/**
 * Builders for the speech tests and the speech benchmark: the committed telephone-audio fixtures beside this file
 * (made by scripts/make-test-audio.sh), RTP-sized frames, pocketsphinx installed from Debian's packages when missing
 * (as root), the development models in ../shared/models when present, and a logger whose lines a test can read.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type Logger, pino } from 'pino';
import { pocketsphinxUnavailable } from '../../src/speech/pocketsphinx-engine.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

/** The keyword-spotting model kept for development (absent on most machines: tests that need it skip). */
export const kwsModelDir = resolve(
  root,
  '..',
  'shared',
  'models',
  'sherpa-onnx-kws-zipformer-gigaspeech-3.3M-2024-01-01-mobile',
);
export const kwsModelMissing = existsSync(kwsModelDir) ? false : `the KWS model is not at ${kwsModelDir}`;

export const fixtures = {
  /** A courier fraudster's side of a call: impersonation, account threat, PIN, cash, courier, secrecy (≈40 s). */
  scamCaller: join(here, 'courier-fraud-caller.wav'),
  /** A dental practice confirming an appointment (≈21 s). */
  dentistCaller: join(here, 'dentist-caller.wav'),
} as const;

/** Samples of a 16-bit mono PCM WAV file (the fixtures are 8 kHz). */
export function readWav(path: string): { samples: Int16Array; sampleRate: number } {
  const file = readFileSync(path);
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${path} is not a WAV file`);
  }
  let offset = 12;
  let sampleRate = 0;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      if (file.readUInt16LE(offset + 8) !== 1 || file.readUInt16LE(offset + 10) !== 1) {
        throw new Error(`${path}: only mono 16-bit PCM is read here`);
      }
      sampleRate = file.readUInt32LE(offset + 12);
    } else if (id === 'data') {
      const data = file.subarray(offset + 8, offset + 8 + size);
      const samples = new Int16Array(data.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
      return { samples, sampleRate };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Splits audio into RTP-sized frames (160 samples = 20 ms at 8 kHz). */
export function* frames(samples: Int16Array, size = 160): Generator<Int16Array> {
  for (let i = 0; i < samples.length; i += size) yield samples.subarray(i, Math.min(samples.length, i + size));
}

/** `ms` of silence at 8 kHz, optionally with white noise at `noiseDbfs`. */
export function silence(ms: number, noiseDbfs: number | null = null, seed = 7): Int16Array {
  const samples = new Int16Array(Math.round(ms * 8));
  if (noiseDbfs === null) return samples;
  const amplitude = 32768 * 10 ** (noiseDbfs / 20) * Math.sqrt(3);
  let state = seed;
  for (let i = 0; i < samples.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    samples[i] = Math.round((state / 0x7fffffff - 0.5) * 2 * amplitude);
  }
  return samples;
}

/** A part of a recording, by time. */
export function slice(samples: Int16Array, fromMs: number, toMs: number): Int16Array {
  return samples.slice(Math.round(fromMs * 8), Math.round(toMs * 8));
}

/** Joins recordings end to end. */
export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

let pocketsphinxChecked: string | null | undefined;
/**
 * Why the pocketsphinx tests cannot run here, or null when they can. As root, installs Debian's packages once when
 * they are missing (like test/sipp/sipp.ts does for sipp).
 */
export function pocketsphinxMissing(): string | false {
  if (pocketsphinxChecked === undefined) {
    pocketsphinxChecked = pocketsphinxUnavailable();
    if (pocketsphinxChecked !== null && process.getuid?.() === 0) {
      try {
        execFileSync(
          'apt-get',
          ['install', '-y', '-qq', 'pocketsphinx', 'pocketsphinx-en-us', 'python3-pocketsphinx'],
          {
            stdio: 'ignore',
            env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
          },
        );
      } catch {
        // Reported below as the package still missing.
      }
      pocketsphinxChecked = pocketsphinxUnavailable();
    }
  }
  return pocketsphinxChecked === null ? false : `pocketsphinx unavailable: ${pocketsphinxChecked}`;
}

/** A logger that keeps its lines (parsed) for assertions. */
export function recordingLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines };
}

export const silentLog: Logger = pino({ level: 'silent' });
