/**
 * Keyword spotting (sherpa-onnx `KeywordSpotter`, open-vocabulary zipformer) over each utterance: the courier-fraud
 * phrases of the model directory's `keywords-courier-fraud.txt` (pieces of the model's BPE, `@NAME` per phrase).
 * Spotted phrases are weak evidence (`HeardUtterance.keywords`): they can raise attention, never decide alone.
 * Optional: without `--kws-model` there is no spotting.
 *
 * Telephone audio upsampled to 16 kHz has an empty band above 4 kHz that the model never saw; a faint noise floor
 * (−50 dBFS) added after upsampling makes it spot again (measured on espeak speech, see docs/speech.md).
 *
 * @example
 * const kws = createKeywordSpotting({ modelDir: '/opt/models/sherpa-onnx-kws-zipformer-gigaspeech-3.3M-2024-01-01-mobile' }, log);
 * await kws.spot(samples16k); // ['bank card', 'cash']
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import { findTransducerFiles, requireModelFile, SpeechSetupError } from './model-directory.js';
import { addNoiseFloor } from './pcm.js';
import { loadSherpaOnnx, type SherpaKeywordSpotter } from './sherpa-onnx.js';

export interface KeywordSpottingOptions {
  modelDir: string;
  /** File in modelDir with the phrases to spot. */
  keywordsFile?: string;
  noiseFloorDbfs?: number;
  /** sherpa's per-phrase defaults (a phrase's own `:boost` / `#threshold` in the file win). */
  keywordsScore?: number;
  keywordsThreshold?: number;
}

export interface KeywordSpotting {
  /** Phrases heard in one utterance (16 kHz float samples), lower case, in order, without repeats. */
  spot(samples: Float32Array): Promise<string[]>;
  close(): Promise<void>;
}

export const defaultKeywordsFile = 'keywords-courier-fraud.txt';
const sampleRate = 16000;
const tailPaddingSeconds = 0.5;

/** Loads the spotter (throws a SpeechSetupError naming the missing file or the load failure). */
export function createKeywordSpotting(options: KeywordSpottingOptions, log: Logger): KeywordSpotting {
  const files = findTransducerFiles(options.modelDir, '--kws-model');
  const keywordsFile = requireModelFile(options.modelDir, options.keywordsFile ?? defaultKeywordsFile, '--kws-model');
  const { KeywordSpotter } = loadSherpaOnnx();
  let spotter: SherpaKeywordSpotter;
  try {
    spotter = new KeywordSpotter({
      featConfig: { sampleRate, featureDim: 80 },
      modelConfig: {
        transducer: { encoder: files.encoder, decoder: files.decoder, joiner: files.joiner },
        tokens: files.tokens,
        numThreads: 1,
        provider: 'cpu',
        debug: 0,
      },
      maxActivePaths: 4,
      numTrailingBlanks: 1,
      keywordsScore: options.keywordsScore ?? 1.0,
      keywordsThreshold: options.keywordsThreshold ?? 0.25,
      keywordsFile,
    });
  } catch (error) {
    throw new SpeechSetupError(
      `--kws-model ${options.modelDir}: sherpa-onnx cannot load it: ${(error as Error).message}`,
    );
  }
  log.info({ encoder: files.encoder, keywordsFile }, 'keyword spotter loaded');
  const noiseFloorDbfs = options.noiseFloorDbfs ?? -50;
  let closed = false;
  return {
    async spot(samples) {
      if (closed) return [];
      const stream = spotter.createStream();
      stream.acceptWaveform({ samples: addNoiseFloor(Float32Array.from(samples), noiseFloorDbfs), sampleRate });
      stream.acceptWaveform({
        samples: addNoiseFloor(new Float32Array(sampleRate * tailPaddingSeconds), noiseFloorDbfs, 7),
        sampleRate,
      });
      stream.inputFinished();
      const heard: string[] = [];
      let steps = 0;
      while (spotter.isReady(stream)) {
        spotter.decode(stream);
        const keyword = spotter.getResult(stream).keyword;
        if (keyword) {
          const phrase = keyword.replace(/_/g, ' ').toLowerCase();
          if (!heard.includes(phrase)) heard.push(phrase);
          spotter.reset(stream); // sherpa needs a reset after each detection to spot the next
        }
        if (++steps % 8 === 0) await yieldToEventLoop();
      }
      return heard;
    },
    async close() {
      closed = true;
    },
  };
}
