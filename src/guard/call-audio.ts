/**
 * The port between a call's media and the live call guard: the B2BUA hears both legs (so the speaker is known without
 * diarisation) and hands each leg's decoded audio to a listener; the speech pipeline behind it (voice activity
 * detection, a speech-recognition engine, keyword spotting) hands back utterances, which become the detector's turns.
 *
 * @example
 * const listener = speech.listen(callId, (heard) => void guard.addTurn({ speaker: heard.speaker, text: heard.text }));
 * callerSession.on('audio', (samples) => listener.hear('caller', samples));
 * residentSession.on('audio', (samples) => listener.hear('callee', samples));
 * await listener.close(); // at hang-up: flushes the utterance in progress
 */
import type { Speaker } from '../detection/stages.js';

/** Audio handed to a listener: 16-bit mono PCM at this rate (G.711 decoded). */
export const callAudioSampleRate = 8000;

/** One utterance of one party, as recognised. Times are ms since the listener opened. */
export interface HeardUtterance {
  speaker: Speaker;
  /** Recognised words (lower case, no punctuation); '' when the engine heard nothing it could name. */
  text: string;
  startMs: number;
  endMs: number;
  /** Phrases the keyword spotter heard in this utterance (weak evidence: never decides alone). */
  keywords: string[];
  /** Which engine produced `text` ('pocketsphinx', 'sherpa-onnx', …). */
  engine: string;
  /** Wall-clock ms from the end of the utterance (VAD end) to its text being ready. */
  recognitionMs: number;
}

/** One call's listener: audio in, utterances out (through the callback given to `listen`). */
export interface CallAudioListener {
  /** Decoded audio of one party, in arrival order (any length; RTP gives 160-sample frames). Never throws. */
  hear(speaker: Speaker, samples: Int16Array): void;
  /** Stops listening: the utterance in progress is recognised and delivered, then nothing more. */
  close(): Promise<void>;
}

/** The speech pipeline of a running service, shared by its calls. */
export interface SpeechPipeline {
  /** For logs and /health: e.g. 'silero-vad + pocketsphinx + kws'. */
  readonly description: string;
  listen(callId: string, onUtterance: (heard: HeardUtterance) => void): CallAudioListener;
  /** Releases engines, worker processes and models. */
  close(): Promise<void>;
}
