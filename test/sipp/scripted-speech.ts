/**
 * A stand-in SpeechPipeline for end-to-end tests of the live call guard while no real recogniser is wired in: it does
 * real voice activity detection on the audio CallWarden hands it (RMS per 20 ms frame, an utterance ends after
 * `endSilenceMs` of quiet), but it does not recognise words — the n-th utterance of each speaker is given the n-th
 * line of that speaker's script. So a test proves the audio path (both legs reach the listener, the speaker is known
 * from the leg, utterances are segmented and delivered in order, the listener is flushed and closed at hang-up), not
 * speech recognition.
 *
 * @example
 * const speech = scriptedSpeech();
 * speech.script = { caller: ['this is the police'], callee: ['hello?'] }; // or fixtureScript('fx-police-courier')
 * const app = await createApp({ config, log, speech });
 */
import { readFileSync } from 'node:fs';
import type { Speaker } from '../../src/detection/stages.js';
import type { CallAudioListener, HeardUtterance, SpeechPipeline } from '../../src/guard/call-audio.js';

export interface ScriptedSpeech extends SpeechPipeline {
  /** What the next call's speakers say, utterance by utterance (taken by `listen`). */
  script: Partial<Record<Speaker, string[]>>;
  /** Every utterance delivered, per call id. */
  readonly heard: Map<string, HeardUtterance[]>;
  /** Calls whose listener was closed. */
  readonly closed: Set<string>;
  /** Listeners not closed yet. */
  readonly open: number;
  /** Makes `listen` throw (a broken pipeline: the call must go on, unguarded by audio). */
  failing: boolean;
}

const frame = 160;

/** A fixture call's turns (`test/fixtures/detector/`) as a recogniser would give them: lower case, no punctuation. */
export function fixtureTurns(id: string): { speaker: Speaker; text: string }[] {
  const call = readFileSync(new URL('../fixtures/detector/calls.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; turns: { speaker: Speaker; text: string }[] })
    .find((candidate) => candidate.id === id);
  if (!call) throw new Error(`no fixture ${id}`);
  return call.turns.map(({ speaker, text }) => ({
    speaker,
    text: text
      .toLowerCase()
      .replace(/[^a-z0-9' ]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  }));
}

/** What each speaker of a fixture call says, in order: a `script` for the scripted pipeline. */
export function fixtureScript(id: string): Record<Speaker, string[]> {
  const turns = fixtureTurns(id);
  return {
    caller: turns.filter((t) => t.speaker === 'caller').map((t) => t.text),
    callee: turns.filter((t) => t.speaker === 'callee').map((t) => t.text),
  };
}

export function scriptedSpeech(options: { level?: number; endSilenceMs?: number } = {}): ScriptedSpeech {
  const level = options.level ?? 500;
  const endFrames = Math.ceil((options.endSilenceMs ?? 300) / 20);
  const heard = new Map<string, HeardUtterance[]>();
  const closed = new Set<string>();
  let open = 0;
  const pipeline: ScriptedSpeech = {
    description: 'scripted (energy VAD, no recognition: test only)',
    script: {},
    failing: false,
    heard,
    closed,
    get open() {
      return open;
    },
    listen(callId, onUtterance): CallAudioListener {
      if (pipeline.failing) throw new Error('the scripted speech pipeline is broken (test)');
      const script = { caller: [...(pipeline.script.caller ?? [])], callee: [...(pipeline.script.callee ?? [])] };
      const opened = performance.now();
      const delivered: HeardUtterance[] = [];
      heard.set(callId, delivered);
      open += 1;
      let done = false;
      const state = {
        caller: { pending: [] as number[], speaking: false, quiet: 0, startMs: 0 },
        callee: { pending: [] as number[], speaking: false, quiet: 0, startMs: 0 },
      };
      const finish = (speaker: Speaker) => {
        const s = state[speaker];
        if (!s.speaking) return;
        s.speaking = false;
        const endMs = performance.now() - opened;
        const started = performance.now();
        const text = script[speaker].shift() ?? '';
        const utterance: HeardUtterance = {
          speaker,
          text,
          startMs: s.startMs,
          endMs,
          keywords: [],
          engine: 'scripted',
          recognitionMs: performance.now() - started,
        };
        delivered.push(utterance);
        onUtterance(utterance);
      };
      return {
        hear(speaker, samples) {
          if (done) return;
          const s = state[speaker];
          for (const sample of samples) s.pending.push(sample);
          while (s.pending.length >= frame) {
            const chunk = s.pending.splice(0, frame);
            const rms = Math.sqrt(chunk.reduce((sum, x) => sum + x * x, 0) / frame);
            if (rms >= level) {
              if (!s.speaking) {
                s.speaking = true;
                s.startMs = performance.now() - opened;
              }
              s.quiet = 0;
            } else if (s.speaking && ++s.quiet >= endFrames) {
              finish(speaker);
            }
          }
        },
        async close() {
          if (done) return;
          done = true;
          finish('caller');
          finish('callee');
          open -= 1;
          closed.add(callId);
        },
      };
    },
    async close() {},
  };
  return pipeline;
}
