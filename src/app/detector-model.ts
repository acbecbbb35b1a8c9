/**
 * Loads the scam detector's model from disk (adapter: file I/O + validation), once at start, with no network.
 * The default is the committed models/detector/detector-model.json, resolved relative to this module so it works
 * from src/app (tsx) and from dist/app (after `tsc`).
 *
 * @example
 * const model = await loadDetectorModel();
 * const detector = createCallDetector(model);
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type DetectorModel, parseDetectorModel } from '../detection/turn-classifier.js';

/** The committed model file. */
export const defaultDetectorModelPath = fileURLToPath(
  new URL('../../models/detector/detector-model.json', import.meta.url),
);

/** Reads, validates and freezes a detector model; the error names the file and what is wrong with it. */
export async function loadDetectorModel(path: string = defaultDetectorModelPath): Promise<DetectorModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read detector model ${path}: ${(error as Error).message}`);
  }
  try {
    return parseDetectorModel(JSON.parse(text));
  } catch (error) {
    throw new Error(`invalid detector model ${path}: ${(error as Error).message}`);
  }
}

/** Size of a model file in bytes (for the benchmark). */
export async function detectorModelSize(path: string = defaultDetectorModelPath): Promise<number> {
  return (await stat(path)).size;
}
