/**
 * `guardCall` and the B2BUA's guard `CallControl` on their own: the call's two legs are stand-ins that emit `audio`
 * and record what is played into them (the real RtpSessions are exercised end to end in guarded-calls.test.ts), the
 * guard service is a recording fake at that boundary, the speech pipeline a scripted one.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { Speaker } from '../../detection/stages.js';
import type { CallAudioListener, HeardUtterance, SpeechPipeline } from '../../guard/call-audio.js';
import type { CallControl } from '../../guard/call-control.js';
import type { CallGuard, GuardStep } from '../../guard/call-guard.js';
import type { Resident } from '../../residents/resident.js';
import { type PromptName, type Prompts, promptNames } from '../media/prompts.js';
import type { RtpSession } from '../media/rtp-session.js';
import { type CallGuarding, type GuardableCall, guardCall, guardEndedOutcome, guardMetrics } from './call-guarding.js';

const log = pino({ level: 'silent' });
const prompts = Object.fromEntries(
  promptNames.map((name, index): [PromptName, Int16Array] => [name, new Int16Array(160).fill(index + 1)]),
) as Prompts;

/** A leg that emits audio on demand and records what is played into it. */
class RecordingLeg extends EventEmitter {
  readonly played: Int16Array[] = [];
  stopped = 0;
  play(samples: Int16Array) {
    this.played.push(samples);
    return Promise.resolve({ completed: true, framesSent: 1 });
  }
  stopPlaying() {
    this.stopped += 1;
  }
}

function aCall() {
  const caller = new RecordingLeg();
  const callee = new RecordingLeg();
  const notes: string[] = [];
  const hungUp: string[] = [];
  const flags: string[] = [];
  let ended = false;
  const call: GuardableCall = {
    callId: 'c-1',
    residentId: 7,
    presented: '+442079460000',
    log,
    get ended() {
      return ended;
    },
    legs: () => (ended ? null : { caller: caller as unknown as RtpSession, callee: callee as unknown as RtpSession }),
    note: (outcome) => notes.push(outcome),
    flagged: (why) => flags.push(why),
    hangUp: (outcome) => {
      hungUp.push(outcome);
      ended = true;
    },
  };
  return { call, caller, callee, notes, hungUp, flags, end: () => (ended = true) };
}

/** Delivers one utterance per `hear` whose first sample is non-zero; the text is `<speaker> <n>`. */
function aPipeline(options: { failOnHear?: boolean } = {}): SpeechPipeline & { closedAt: string[] } {
  const closedAt: string[] = [];
  return {
    description: 'test',
    closedAt,
    listen(_callId, onUtterance): CallAudioListener {
      let count = 0;
      let pending: Speaker | null = null;
      const deliver = (speaker: Speaker) => {
        count += 1;
        const heard: HeardUtterance = {
          speaker,
          text: `${speaker} ${count}`,
          startMs: 0,
          endMs: 0,
          keywords: [],
          engine: 'test',
          recognitionMs: 120,
        };
        onUtterance(heard);
      };
      return {
        hear(speaker, samples) {
          if (options.failOnHear) throw new Error('listener broke');
          if ((samples[0] ?? 0) === 0) return;
          if (pending) deliver(pending);
          pending = speaker;
        },
        async close() {
          closedAt.push('close');
          if (pending) deliver(pending); // the utterance in progress at hang-up
          pending = null;
        },
      };
    },
    close: async () => {},
  };
}

/** A guard service that records turns (each taking a little while) and the end, in order. */
function aGuardService(options: { guarded?: boolean; failTurn?: boolean } = {}) {
  const events: string[] = [];
  let control: CallControl | undefined;
  const guard = {
    addTurn: async (turn: { speaker: Speaker; text: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 15));
      if (options.failTurn) throw new Error('detector broke');
      events.push(`turn ${turn.speaker}: ${turn.text}`);
      return { assessment: { risk: 0, action: 'none' }, actions: [] } as unknown as GuardStep;
    },
  } as unknown as CallGuard;
  const guarding: CallGuarding = {
    guards: {
      open: async (input) => {
        control = input.control;
        events.push('open');
        return options.guarded === false ? { guarded: false, why: 'off' } : { guarded: true, guard };
      },
      end: async (callId) => {
        events.push(`end ${callId}`);
        return null;
      },
    },
    resident: async () => ({ id: 7 }) as Resident,
    speech: null,
  };
  return { guarding, events, control: () => control };
}

const speech = (samples: number) => new Int16Array(160).fill(samples);
const quiet = new Int16Array(160);

describe('guarding a B2BUA call', () => {
  test('turns reach the guard in order, the utterance in progress at hang-up is delivered, and then the session ends', async () => {
    const { call, caller, callee } = aCall();
    const { guarding, events } = aGuardService();
    const pipeline = aPipeline();
    const session = guardCall(call, { guarding: { ...guarding, speech: pipeline }, prompts, metrics: null });
    await new Promise((resolve) => setTimeout(resolve, 5));
    caller.emit('audio', speech(1000));
    callee.emit('audio', speech(1000));
    caller.emit('audio', quiet);
    caller.emit('audio', speech(1000));
    await session.close();
    assert.deepEqual(events, [
      'open',
      'turn caller: caller 1',
      'turn callee: callee 2',
      'turn caller: caller 3',
      'end c-1',
    ]);
    assert.equal(caller.listenerCount('audio'), 0, 'the audio taps are removed');
    assert.equal(callee.listenerCount('audio'), 0);
  });

  test('a listener or guard that throws never reaches the media path or the call: logged, the call goes on', async () => {
    const { call, caller, notes, hungUp } = aCall();
    const broken = aGuardService({ failTurn: true });
    const session = guardCall(call, {
      guarding: { ...broken.guarding, speech: aPipeline({ failOnHear: true }) },
      prompts,
      metrics: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.doesNotThrow(() => caller.emit('audio', speech(1000)));
    await session.close();
    assert.deepEqual(hungUp, []);
    assert.deepEqual(notes, ['call guard: listening']);

    const second = aCall();
    const failing = aGuardService({ failTurn: true });
    const other = guardCall(second.call, {
      guarding: { ...failing.guarding, speech: aPipeline() },
      prompts,
      metrics: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    second.caller.emit('audio', speech(1000));
    await other.close();
    assert.deepEqual(failing.events, ['open', 'end c-1'], 'the failed turn is logged; the session still ends');
    assert.deepEqual(second.hungUp, []);
  });

  test('a call the guard service declines is not listened to', async () => {
    const { call, caller, notes } = aCall();
    const { guarding, events } = aGuardService({ guarded: false });
    const session = guardCall(call, { guarding: { ...guarding, speech: aPipeline() }, prompts, metrics: null });
    await session.close();
    assert.equal(caller.listenerCount('audio'), 0);
    assert.deepEqual(events, ['open']);
    assert.deepEqual(notes, []);
  });

  test("the warning plays into the resident's leg only; ending announces to the resident, flags the call and hangs up both legs", async () => {
    const { call, caller, callee, hungUp, flags, notes } = aCall();
    const { guarding, control } = aGuardService();
    const session = guardCall(call, { guarding, prompts, metrics: null });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const guardControl = control();
    assert.ok(guardControl);
    await guardControl.warnResident({ prompt: 'warning-scam', text: 'This may be a scam.', stage: 'impersonation' });
    assert.deepEqual(callee.played, [prompts['warning-scam']]);
    assert.deepEqual(caller.played, []);
    await guardControl.endCall({ prompt: 'ending-call', text: 'Ending.', stage: null });
    assert.deepEqual(callee.played, [prompts['warning-scam'], prompts['ending-call']]);
    assert.equal(callee.stopped, 1, 'a warning still playing is cut short');
    assert.deepEqual(caller.played, []);
    assert.deepEqual(flags, ['ended by the call guard']);
    assert.deepEqual(hungUp, [guardEndedOutcome]);
    assert.ok(notes.includes('call guard: warned the resident (impersonation)'));
    await assert.rejects(
      guardControl.warnResident({ prompt: 'warning-scam', text: '', stage: null }),
      /no longer connected/,
      'a warning after the end is an error the guard logs',
    );
    await session.close();
  });

  test('each turn observes utterance-end → verdict latency: recognition plus guard time', async () => {
    const registry = new Registry();
    const metrics = guardMetrics(registry);
    assert.ok(metrics);
    assert.equal(guardMetrics(registry)?.verdictSeconds, metrics.verdictSeconds, 'one histogram per registry');
    const { call, caller } = aCall();
    const { guarding } = aGuardService();
    const session = guardCall(call, { guarding: { ...guarding, speech: aPipeline() }, prompts, metrics });
    await new Promise((resolve) => setTimeout(resolve, 5));
    caller.emit('audio', speech(1000));
    await session.close();
    const text = await registry.getSingleMetricAsString('callwarden_guard_verdict_seconds');
    assert.match(text, /callwarden_guard_verdict_seconds_count 1/);
    const sum = Number(/callwarden_guard_verdict_seconds_sum ([\d.]+)/.exec(text)?.[1]);
    assert.ok(sum >= 0.12 + 0.01 && sum < 1, `recognition 120 ms + the guard's ~15 ms (${sum})`);
  });
});
