/**
 * Where voicemail messages live: one 8 kHz µ-law WAV per call, `<dir>/<callId>.wav`. The Call-ID comes from the
 * network, so it is percent-encoded into a safe file name (no `/`, no leading dot) and decoded back when listing;
 * the call log (by Call-ID) says whose message it is and who left it.
 *
 * @example
 * const box = createVoicemailBox(join(config.dataDir, 'voicemail'));
 * await box.save(callId, samples);
 * for (const message of await box.list()) console.log(message.callId, message.durationMs);
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeWav } from '../media/wav.js';

export interface VoicemailFile {
  callId: string;
  /** Length of the message in milliseconds. */
  durationMs: number;
  /** When the file was written. */
  savedAt: Date;
  bytes: number;
}

export interface VoicemailBox {
  readonly dir: string;
  /** Writes the message (µ-law WAV) and returns its path; the folder is created when missing. */
  save(callId: string, samples: Int16Array): Promise<string>;
  /** Every stored message (unordered). */
  list(): Promise<VoicemailFile[]>;
  /** The WAV bytes of one call's message, or null when there is none. */
  read(callId: string): Promise<Buffer | null>;
  path(callId: string): string;
}

const percent = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** A file name for a Call-ID: percent-encoded, reversible; very long Call-IDs are hashed (and then not listed). */
export function voicemailFileName(callId: string): string {
  const encoded = callId.replace(/[^A-Za-z0-9._@+-]/gu, percent).replace(/^\./, '%2E');
  if (encoded.length > 200) return `#${createHash('sha256').update(callId).digest('hex')}.wav`;
  return `${encoded}.wav`;
}

function callIdOfFileName(name: string): string | null {
  if (!name.endsWith('.wav') || name.startsWith('#') || name.startsWith('.')) return null;
  try {
    return decodeURIComponent(name.slice(0, -4));
  } catch {
    return null;
  }
}

export function createVoicemailBox(dir: string): VoicemailBox {
  const path = (callId: string) => join(dir, voicemailFileName(callId));
  return {
    dir,
    path,
    async save(callId, samples) {
      await mkdir(dir, { recursive: true });
      const target = path(callId);
      const temporary = `${target}.part`;
      await writeFile(temporary, writeWav(samples, 'mulaw'));
      await rename(temporary, target);
      return target;
    },
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const files: VoicemailFile[] = [];
      for (const name of names) {
        const callId = callIdOfFileName(name);
        if (callId === null) continue;
        try {
          const file = join(dir, name);
          const info = await stat(file);
          files.push({ callId, durationMs: await wavDurationMs(file), savedAt: info.mtime, bytes: info.size });
        } catch {
          // A file removed while listing, or not a WAV we wrote: left out.
        }
      }
      return files;
    },
    async read(callId) {
      try {
        return await readFile(path(callId));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}

/** Reads only the header: the data chunk's size over the bytes a second of audio takes. */
async function wavDurationMs(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(512);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    let offset = 12;
    let byteRate = 8000;
    while (offset + 8 <= bytesRead) {
      const id = header.toString('latin1', offset, offset + 4);
      const size = header.readUInt32LE(offset + 4);
      if (id === 'fmt ' && offset + 16 <= bytesRead) byteRate = header.readUInt32LE(offset + 16) || 8000;
      if (id === 'data') return Math.round((size / byteRate) * 1000);
      offset += 8 + size + (size % 2);
    }
    throw new Error(`${file} has no data chunk in its first ${bytesRead} bytes`);
  } finally {
    await handle.close();
  }
}
