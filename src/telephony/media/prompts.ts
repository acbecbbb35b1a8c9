/**
 * The recorded prompts CallWarden plays (synthesised once by `scripts/make-prompts.sh`, committed under `prompts/`),
 * loaded and decoded at start-up so a call never waits on the disk.
 *
 * @example
 * const prompts = await loadPrompts();
 * await session.play(prompts['screen-ask-name']);
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readWav } from './wav.js';

export const promptNames = [
  'screen-ask-name',
  'tone',
  'screen-call-from',
  'screen-choices',
  'voicemail-greeting',
  'blocked-announcement',
  'line-clear',
  'warning-scam',
  'ending-call',
  'report-filed',
  'nothing-to-report',
] as const;
export type PromptName = (typeof promptNames)[number];

/** Decoded 8 kHz mono samples of every prompt. */
export type Prompts = Readonly<Record<PromptName, Int16Array>>;

/** `prompts/` at the package root: three levels up from both `src/telephony/media/` and `dist/telephony/media/`. */
export const defaultPromptDirectory = fileURLToPath(new URL('../../../prompts/', import.meta.url));

/**
 * Reads and decodes every prompt from `directory` (default: the committed `prompts/`). Throws, naming the file, when
 * one is missing or not an 8 kHz mono WAV — the service cannot screen calls without them, so this fails start-up.
 *
 * @example
 * const prompts = await loadPrompts();
 * prompts.tone.length; // 3200 (400 ms at 8 kHz)
 */
export async function loadPrompts(directory: string = defaultPromptDirectory): Promise<Prompts> {
  const entries = await Promise.all(
    promptNames.map(async (name) => {
      const path = join(directory, `${name}.wav`);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT' ? 'is missing (run scripts/make-prompts.sh)' : `cannot be read (${String(error)})`;
        throw new Error(`prompt '${name}': ${path} ${why}`, { cause: error });
      }
      const read = readWav(bytes);
      if (!read.ok) throw new Error(`prompt '${name}': ${path} is not usable: ${read.reason}`);
      if (read.wav.samples.length === 0) throw new Error(`prompt '${name}': ${path} has no audio`);
      return [name, read.wav.samples] as const;
    }),
  );
  return Object.freeze(Object.fromEntries(entries) as Record<PromptName, Int16Array>);
}
