/**
 * The production speech-recognition engine: a sherpa-onnx streaming transducer (`OnlineRecognizer`, e.g.
 * sherpa-onnx-streaming-zipformer-en-2023-06-26) from the directory the operator configures (`--asr-model DIR`).
 * One recognizer (the model, loaded once) is shared by every call; each utterance gets its own stream. Decoding runs
 * on this thread in chunks, yielding to the event loop between them, so SIP and RTP keep flowing.
 *
 * @example
 * const engine = createSherpaOnnxEngine({ modelDir: '/opt/models/sherpa-onnx-streaming-zipformer-en-2023-06-26' }, log);
 * const { text } = await engine.recognize({ samples, sampleRate: 16000 });
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import { findTransducerFiles, SpeechSetupError, type TransducerFiles } from './model-directory.js';
import {
  cleanTranscript,
  type Recognition,
  type RecognitionEngine,
  type UtteranceAudio,
} from './recognition-engine.js';
import { loadSherpaOnnx, type SherpaOnlineRecognizer } from './sherpa-onnx.js';

export interface SherpaOnnxEngineOptions {
  /** Directory with encoder*.onnx, decoder*.onnx, joiner*.onnx and tokens.txt. */
  modelDir: string;
  /** onnxruntime threads per decode (1 keeps one call from taking every core). */
  numThreads?: number;
  decodingMethod?: 'greedy_search' | 'modified_beam_search';
}

/** Silence appended to an utterance so the streaming model emits its last words (its right context). */
const tailPaddingSeconds = 0.6;
/** Decode steps between yields to the event loop. */
const stepsPerYield = 4;

/** Loads the transducer as an `OnlineRecognizer` (throws a SpeechSetupError naming what is wrong). */
export function createSherpaOnnxEngine(options: SherpaOnnxEngineOptions, log: Logger): RecognitionEngine {
  const files = findTransducerFiles(options.modelDir, '--asr-model');
  const recognizer = loadOnlineRecognizer(files, options);
  log.info({ encoder: files.encoder, decoder: files.decoder, joiner: files.joiner }, 'sherpa-onnx recognizer loaded');
  let closed = false;
  return {
    name: 'sherpa-onnx',
    async recognize(audio: UtteranceAudio): Promise<Recognition> {
      if (closed) throw new Error('sherpa-onnx engine is closed');
      const stream = recognizer.createStream();
      stream.acceptWaveform({ samples: audio.samples, sampleRate: audio.sampleRate });
      stream.acceptWaveform({
        samples: new Float32Array(Math.round(audio.sampleRate * tailPaddingSeconds)),
        sampleRate: audio.sampleRate,
      });
      stream.inputFinished();
      let steps = 0;
      while (recognizer.isReady(stream)) {
        recognizer.decode(stream);
        if (++steps % stepsPerYield === 0) await yieldToEventLoop();
        if (closed) throw new Error('sherpa-onnx engine closed during recognition');
      }
      return { text: cleanTranscript(recognizer.getResult(stream).text), words: [] };
    },
    async close() {
      // The native recognizer is freed with its last reference; nothing else to release.
      closed = true;
    },
  };
}

function loadOnlineRecognizer(files: TransducerFiles, options: SherpaOnnxEngineOptions): SherpaOnlineRecognizer {
  const { OnlineRecognizer } = loadSherpaOnnx();
  try {
    return new OnlineRecognizer({
      featConfig: { sampleRate: 16000, featureDim: 80 },
      modelConfig: {
        transducer: { encoder: files.encoder, decoder: files.decoder, joiner: files.joiner },
        tokens: files.tokens,
        numThreads: options.numThreads ?? 1,
        provider: 'cpu',
        debug: 0,
      },
      decodingMethod: options.decodingMethod ?? 'greedy_search',
      maxActivePaths: 4,
      enableEndpoint: false,
    });
  } catch (error) {
    throw new SpeechSetupError(`--asr-model ${files.dir}: sherpa-onnx cannot load it: ${(error as Error).message}`);
  }
}
