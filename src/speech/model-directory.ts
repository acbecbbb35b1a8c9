/**
 * Finds the files of a sherpa-onnx transducer model (zipformer: encoder, decoder, joiner, tokens) in the directory an
 * operator configured, and says exactly what is missing when they are not there.
 *
 * @example
 * const files = findTransducerFiles('/opt/models/sherpa-onnx-streaming-zipformer-en-2023-06-26', '--asr-model');
 * files.encoder; // '/opt/models/…/encoder-epoch-99-avg-1-chunk-16-left-128.int8.onnx'
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A speech model or engine that was asked for cannot be used: the message names the option and what is missing. */
export class SpeechSetupError extends Error {
  override name = 'SpeechSetupError';
}

export interface TransducerFiles {
  dir: string;
  encoder: string;
  decoder: string;
  joiner: string;
  tokens: string;
}

/**
 * Picks `encoder*.onnx`, `decoder*.onnx`, `joiner*.onnx` and `tokens.txt`. Where a part comes in several files the
 * encoder and joiner prefer a `*.patched.onnx` (a locally fixed export), then `*.int8.onnx` (4× smaller and faster on
 * CPU); the decoder prefers full precision (it is tiny, and int8 decoders lose accuracy).
 */
export function findTransducerFiles(dir: string, option: string): TransducerFiles {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new SpeechSetupError(`${option} ${dir}: no such directory`);
  }
  const names = readdirSync(root);
  const pick = (part: string, preferInt8: boolean): string | null => {
    const found = names.filter((n) => n.startsWith(part) && n.endsWith('.onnx'));
    const rank = (n: string) =>
      (n.includes('.patched.') ? 0 : 2) + (n.includes('int8') === preferInt8 ? 0 : 1) + (n.includes('.fp16.') ? 4 : 0);
    return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))[0] ?? null;
  };
  const encoder = pick('encoder', true);
  const decoder = pick('decoder', false);
  const joiner = pick('joiner', true);
  const tokens = names.includes('tokens.txt') ? 'tokens.txt' : null;
  const missing = [
    encoder ? null : 'encoder*.onnx',
    decoder ? null : 'decoder*.onnx',
    joiner ? null : 'joiner*.onnx',
    tokens ? null : 'tokens.txt',
  ].filter((m) => m !== null);
  if (!encoder || !decoder || !joiner || !tokens) {
    throw new SpeechSetupError(
      `${option} ${dir}: not a sherpa-onnx transducer model, missing ${missing.join(', ')} (see docs/speech.md)`,
    );
  }
  return {
    dir: root,
    encoder: join(root, encoder),
    decoder: join(root, decoder),
    joiner: join(root, joiner),
    tokens: join(root, tokens),
  };
}

/** A file that must be in a model directory; the error names the option, the directory and the file. */
export function requireModelFile(dir: string, file: string, option: string): string {
  const path = join(resolve(dir), file);
  if (!existsSync(path)) throw new SpeechSetupError(`${option} ${dir}: missing ${file}`);
  return path;
}
