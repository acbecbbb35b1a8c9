/**
 * The speech pipeline behind `CallAudioListener`: per call and per party a VAD cuts the audio into utterances; each
 * utterance goes to the recognition engine (and the keyword spotter, when there is one) and comes back as a
 * `HeardUtterance`, delivered to the call's callback in the order the utterances ended. Nothing here throws into the
 * media path: an engine failure or timeout is logged and delivered as an utterance with '' text.
 *
 * @example
 * const pipeline = createSpeechPipelineFrom({ vadPool: createVadPool(), engine, keywordSpotting: null }, log);
 * const listener = pipeline.listen('c-17', (heard) => guard.addTurn({ speaker: heard.speaker, text: heard.text }));
 * listener.hear('caller', frame);
 * await listener.close();
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Speaker } from '../detection/stages.js';
import type { CallAudioListener, HeardUtterance, SpeechPipeline } from '../guard/call-audio.js';
import type { KeywordSpotting } from './keyword-spotter.js';
import type { RecognitionEngine } from './recognition-engine.js';
import {
  createUtteranceCutter,
  type SpeechSegment,
  type UtteranceCutter,
  type VadPool,
  vadSampleRate,
} from './voice-activity.js';

export interface SpeechPipelineParts {
  vadPool: VadPool;
  engine: RecognitionEngine;
  keywordSpotting: KeywordSpotting | null;
}

interface Track {
  cutter: UtteranceCutter;
  /** When this party's first audio arrived, in ms since the listener opened. */
  offsetMs: number;
}

/** Assembles a pipeline from loaded parts (`createSpeechPipeline` loads them from options). */
export function createSpeechPipelineFrom(parts: SpeechPipelineParts, log: Logger): SpeechPipeline {
  const { vadPool, engine, keywordSpotting } = parts;
  const listeners = new Set<CallAudioListener>();
  const description = `silero-vad + ${engine.name}${keywordSpotting ? ' + kws' : ''}`;

  const listen = (callId: string, onUtterance: (heard: HeardUtterance) => void): CallAudioListener => {
    const callLog = log.child({ callId });
    const opened = performance.now();
    const tracks = new Map<Speaker, Track>();
    let closed = false;
    let delivery: Promise<void> = Promise.resolve();
    let hearFailed = false;

    const recognise = async (speaker: Speaker, segment: SpeechSegment, offsetMs: number): Promise<HeardUtterance> => {
      const endedAt = performance.now();
      const audio = { samples: segment.samples, sampleRate: vadSampleRate };
      const [text, keywords] = await Promise.all([
        engine.recognize(audio).then(
          (r) => r.text,
          (error: Error) => {
            callLog.warn(
              { err: error, speaker, startMs: Math.round(offsetMs + segment.startMs), engine: engine.name },
              'speech recognition failed: utterance delivered without text',
            );
            return '';
          },
        ),
        keywordSpotting
          ? keywordSpotting.spot(segment.samples).catch((error: Error) => {
              callLog.warn({ err: error, speaker }, 'keyword spotting failed');
              return [] as string[];
            })
          : Promise.resolve([] as string[]),
      ]);
      return {
        speaker,
        text,
        startMs: Math.round(offsetMs + segment.startMs),
        endMs: Math.round(offsetMs + segment.endMs),
        keywords,
        engine: engine.name,
        recognitionMs: Math.round(performance.now() - endedAt),
      };
    };

    const dispatch = (speaker: Speaker, track: Track, segments: SpeechSegment[]) => {
      for (const segment of segments) {
        const heard = recognise(speaker, segment, track.offsetMs);
        // Delivered in the order the utterances ended, whichever engine worker finishes first.
        delivery = delivery.then(async () => {
          const utterance = await heard;
          callLog.debug(
            { speaker, startMs: utterance.startMs, endMs: utterance.endMs, recognitionMs: utterance.recognitionMs },
            'utterance heard',
          );
          try {
            onUtterance(utterance);
          } catch (error) {
            callLog.error({ err: error }, 'utterance handler threw');
          }
        });
      }
    };

    const listener: CallAudioListener = {
      hear(speaker, samples) {
        if (closed) return;
        try {
          let track = tracks.get(speaker);
          if (!track) {
            track = { cutter: createUtteranceCutter(vadPool), offsetMs: performance.now() - opened };
            tracks.set(speaker, track);
          }
          dispatch(speaker, track, track.cutter.push(samples));
        } catch (error) {
          // Log once per call: a broken VAD would otherwise log 50 times a second.
          if (!hearFailed) callLog.error({ err: error, speaker }, 'voice activity detection failed');
          hearFailed = true;
        }
      },
      async close() {
        if (closed) return delivery;
        closed = true;
        for (const [speaker, track] of tracks) {
          try {
            dispatch(speaker, track, track.cutter.flush());
          } catch (error) {
            callLog.error({ err: error, speaker }, 'flushing the last utterance failed');
          }
          track.cutter.release();
        }
        tracks.clear();
        listeners.delete(listener);
        await delivery;
      },
    };
    listeners.add(listener);
    return listener;
  };

  return {
    description,
    listen,
    async close() {
      await Promise.all([...listeners].map((l) => l.close()));
      await Promise.all([engine.close(), keywordSpotting?.close()]);
    },
  };
}
