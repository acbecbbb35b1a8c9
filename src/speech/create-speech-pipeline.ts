/**
 * Builds the service's speech pipeline from its configuration (`--asr-engine`, `--asr-model`, `--kws-model`), or
 * none: then the live call guard runs only from the transcript feed. Checks every model directory first and fails
 * with a `SpeechSetupError` that names the option and the missing file.
 *
 * Engines: `pocketsphinx` (Debian packages, out of the box; `--asr-model` optionally points at another pocketsphinx
 * model folder), `sherpa-onnx` (a streaming zipformer transducer in `--asr-model DIR`, for production), `none`, or
 * `auto` (the default): sherpa-onnx when `--asr-model` is given, else pocketsphinx when installed, else none.
 *
 * @example
 * const speech = await createSpeechPipeline({ asrEngine: config.asrEngine, asrModel: config.asrModel,
 *   kwsModel: config.kwsModel, asrWorkers: config.asrWorkers }, log);
 * if (speech) log.info({ speech: speech.description }, 'listening to guarded calls');
 */
import type { Logger } from 'pino';
import { assertNever } from '../detection/stages.js';
import type { SpeechPipeline } from '../guard/call-audio.js';
import { createKeywordSpotting, type KeywordSpotting } from './keyword-spotter.js';
import { findTransducerFiles, requireModelFile, SpeechSetupError } from './model-directory.js';
import {
  createPocketsphinxEngine,
  defaultPocketsphinxOptions,
  pocketsphinxUnavailable,
} from './pocketsphinx-engine.js';
import type { RecognitionEngine } from './recognition-engine.js';
import { createSherpaOnnxEngine } from './sherpa-onnx-engine.js';
import { createSpeechPipelineFrom } from './speech-pipeline.js';
import { createVadPool, defaultVadSettings, sileroVadModelPath, type VadSettings } from './voice-activity.js';

export const asrEngineChoices = ['auto', 'pocketsphinx', 'sherpa-onnx', 'none'] as const;
export type AsrEngineChoice = (typeof asrEngineChoices)[number];

export interface SpeechOptions {
  asrEngine: AsrEngineChoice;
  /** sherpa-onnx: the transducer's directory (required); pocketsphinx: another model folder (optional). */
  asrModel: string | null;
  /** Keyword-spotting model directory; null: no keyword spotting. */
  kwsModel: string | null;
  /** pocketsphinx worker processes. */
  asrWorkers: number;
  vad?: VadSettings;
}

/** The pipeline for these options, or null for `none` (and for `auto` where no engine is installed). */
export async function createSpeechPipeline(options: SpeechOptions, log: Logger): Promise<SpeechPipeline | null> {
  const engineName = chooseEngine(options, log);
  if (engineName === null) {
    if (options.kwsModel) log.warn({ kwsModel: options.kwsModel }, 'keyword spotting needs a speech engine: ignored');
    log.info('no speech recognition: the call guard runs from the transcript feed only');
    return null;
  }
  // Check every directory before loading anything, so the first error is the configuration's, not a crash.
  if (options.kwsModel) {
    findTransducerFiles(options.kwsModel, '--kws-model');
    requireModelFile(options.kwsModel, 'keywords-courier-fraud.txt', '--kws-model');
  }
  if (engineName === 'sherpa-onnx') findTransducerFiles(options.asrModel ?? '', '--asr-model');
  let vadModel: string;
  try {
    vadModel = sileroVadModelPath();
  } catch (error) {
    throw new SpeechSetupError((error as Error).message);
  }
  const vadPool = createVadPool(options.vad ?? defaultVadSettings, vadModel);
  let keywordSpotting: KeywordSpotting | null = null;
  if (options.kwsModel) keywordSpotting = createKeywordSpotting({ modelDir: options.kwsModel }, log);
  let engine: RecognitionEngine;
  if (engineName === 'sherpa-onnx') {
    engine = createSherpaOnnxEngine({ modelDir: options.asrModel ?? '' }, log);
  } else {
    try {
      engine = await createPocketsphinxEngine(
        { workers: options.asrWorkers, modelDir: options.asrModel ?? defaultPocketsphinxOptions.modelDir },
        log,
      );
    } catch (error) {
      throw new SpeechSetupError(`--asr-engine pocketsphinx: ${(error as Error).message}`);
    }
  }
  const pipeline = createSpeechPipelineFrom({ vadPool, engine, keywordSpotting }, log);
  log.info({ speech: pipeline.description }, 'speech pipeline ready');
  return pipeline;
}

function chooseEngine(options: SpeechOptions, log: Logger): 'pocketsphinx' | 'sherpa-onnx' | null {
  switch (options.asrEngine) {
    case 'none':
      return null;
    case 'sherpa-onnx':
      if (!options.asrModel) {
        throw new SpeechSetupError(
          '--asr-engine sherpa-onnx needs --asr-model DIR (a streaming zipformer transducer: see docs/speech.md)',
        );
      }
      return 'sherpa-onnx';
    case 'pocketsphinx': {
      const problem = pocketsphinxUnavailable(options.asrModel ? { modelDir: options.asrModel } : {});
      if (problem) throw new SpeechSetupError(`--asr-engine pocketsphinx: ${problem}`);
      return 'pocketsphinx';
    }
    case 'auto': {
      if (options.asrModel) return 'sherpa-onnx';
      const problem = pocketsphinxUnavailable();
      if (!problem) return 'pocketsphinx';
      log.warn({ problem }, 'no speech engine installed (pocketsphinx unavailable)');
      return null;
    }
    default:
      return assertNever(options.asrEngine);
  }
}
