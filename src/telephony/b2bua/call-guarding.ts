/**
 * The B2BUA's side of the live call guard. Once a call is connected to the resident, `guardCall` opens its guard
 * session (the guard service decides whether the call is guarded at all: off for the resident, a trusted contact),
 * hands both legs' decoded audio to the speech pipeline (the network leg as `caller`, the resident's as `callee`, so
 * no diarisation is needed) and feeds each recognised utterance to the guard as a turn, one at a time in order.
 * `b2buaGuardControl` is the guard's `CallControl` over the call's two media sessions: a warning is played into the
 * resident's leg only, and ending the call announces it to the resident, then tears down both legs.
 *
 * Fail open: nothing here may drop or stall a call. A guard or pipeline that throws is logged and the call goes on
 * unguarded; the audio is never recorded or stored, only streamed to the recogniser while the call lasts.
 *
 * @example
 * const guarded = guardCall(call, { guarding, metrics: guardMetrics(registry) });
 * // … when the call ends, for whatever reason:
 * await guarded.close(); // flushes the utterance in progress, then ends the guard session
 */
import { Histogram, type Registry } from 'prom-client';
import type { Speaker } from '../../detection/stages.js';
import type { CallAudioListener, HeardUtterance, SpeechPipeline } from '../../guard/call-audio.js';
import type { CallControl, ResidentWarning } from '../../guard/call-control.js';
import type { CallGuard } from '../../guard/call-guard.js';
import type { GuardService } from '../../guard/guard-service.js';
import type { Logger } from '../../observability/logger.js';
import type { Resident } from '../../residents/resident.js';
import type { Prompts } from '../media/prompts.js';
import type { RtpSession } from '../media/rtp-session.js';

/** What the SIP service needs to guard its calls (all optional in `SipServiceDeps`: without it no call is guarded). */
export interface CallGuarding {
  /** The guard sessions of the running service. */
  guards: Pick<GuardService, 'open' | 'end'>;
  /** The resident a call is for (the guard reads their settings); null when they no longer exist. */
  resident: (residentId: number) => Promise<Resident | null>;
  /** Audio → utterances; null: guarded calls are opened but hear nothing (the transcript feed may still feed them). */
  speech: SpeechPipeline | null;
  /** Where the latency histogram is registered (the service's Prometheus registry). */
  registry?: Registry;
}

/** The call as the guard sees it; implemented by the SIP service over its per-call state. */
export interface GuardableCall {
  readonly callId: string;
  readonly residentId: number;
  /** The caller ID as presented ('' when withheld). */
  readonly presented: string;
  readonly log: Logger;
  readonly ended: boolean;
  /** Both media sessions while caller and resident are connected; null otherwise. */
  legs(): { caller: RtpSession; callee: RtpSession } | null;
  /** Records a step in the call log. */
  note(outcome: string): void;
  /** Arms the clear line for the resident's next call to a bank or the police. */
  flagged(why: string): void;
  /** Tears down both legs at once (BYE to each), media and timers with them. */
  hangUp(outcome: string): void;
}

export interface GuardMetrics {
  /** Seconds from the end of an utterance (VAD end) to the guard's verdict on it: recognition + detector + guard. */
  verdictSeconds: Histogram;
}

const verdictMetric = 'callwarden_guard_verdict_seconds';

/** The guard's latency histogram on `registry` (created once per registry). */
export function guardMetrics(registry: Registry | undefined): GuardMetrics | null {
  if (!registry) return null;
  const existing = registry.getSingleMetric(verdictMetric);
  if (existing instanceof Histogram) return { verdictSeconds: existing };
  return {
    verdictSeconds: new Histogram({
      name: verdictMetric,
      help: 'Utterance end (VAD) to the call guard verdict on it: speech recognition, detector and guard, in seconds',
      buckets: [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10],
      registers: [registry],
    }),
  };
}

/** The outcome recorded in the call log when the guard ends a call. */
export const guardEndedOutcome = 'ended by the call guard';

/**
 * The guard's `CallControl` for a B2BUA call. `warnResident` queues the warning on the resident's leg and resolves at
 * once (the guard goes on with the next turn while it plays): while it plays, the caller's audio to the resident is
 * dropped (RtpSession's relay pauses into a leg that is playing) and the resident's audio to the caller keeps
 * flowing, so the caller hears nothing of it. `endCall` cuts any warning short, flags the call (clear line), plays
 * the announcement to the resident, then hangs up both legs. `onAct` is told when either is asked for (the verdict).
 *
 * @example
 * const control = b2buaGuardControl(call, prompts, () => {});
 * await control.warnResident({ prompt: 'warning-scam', text: warningText, stage: 'credential-ask' });
 */
export function b2buaGuardControl(call: GuardableCall, prompts: Prompts, onAct: () => void): CallControl {
  const connected = (what: string) => {
    const legs = call.ended ? null : call.legs();
    if (!legs) throw new Error(`cannot ${what}: the call is no longer connected`);
    return legs;
  };
  return {
    async warnResident(warning: ResidentWarning) {
      onAct();
      const { callee } = connected('warn the resident');
      call.log.warn(
        { stage: warning.stage, prompt: warning.prompt },
        "guard: warning the resident (resident's leg only)",
      );
      call.note(`call guard: warned the resident${warning.stage ? ` (${warning.stage})` : ''}`);
      void callee.play(prompts[warning.prompt]);
    },
    async endCall(announcement: ResidentWarning) {
      onAct();
      const { callee } = connected('end the call');
      call.flagged('ended by the call guard');
      callee.stopPlaying();
      call.log.warn('guard: announcing the end of the call to the resident, then hanging up both legs');
      await callee.play(prompts[announcement.prompt]);
      if (!call.ended) call.hangUp(guardEndedOutcome);
    },
  };
}

/** A guarded call's listening, closed when the call ends. */
export interface GuardedCallSession {
  /** Stops listening (the utterance in progress is still delivered), then ends the guard session. Never throws. */
  close(): Promise<void>;
}

/**
 * Opens the guard for a connected call and starts listening to both legs. Returns at once; the guard session opens
 * in the background (the resident is looked up first) and, when the call ended meanwhile, is ended straight away.
 *
 * @example
 * const session = guardCall(call, { guarding, prompts, metrics });
 * await session.close();
 */
export function guardCall(
  call: GuardableCall,
  deps: { guarding: CallGuarding; prompts: Prompts; metrics: GuardMetrics | null },
): GuardedCallSession {
  const { guarding, metrics } = deps;
  const log = call.log;
  let listener: CallAudioListener | null = null;
  const detach: (() => void)[] = [];
  /** Utterances handed to the guard one after another, so turns keep the order they were said in. */
  let turns: Promise<void> = Promise.resolve();
  /** When the guard last asked the call to act (warn, end): the verdict time of the turn being handled. */
  let actedAt: number | null = null;
  let closing: Promise<void> | null = null;
  let guard: CallGuard | null = null;

  const control = b2buaGuardControl(call, deps.prompts, () => {
    actedAt = performance.now();
  });

  const opening = (async () => {
    const resident = await guarding.resident(call.residentId);
    if (!resident) {
      log.warn({ residentId: call.residentId }, 'guard: the resident no longer exists; the call is not guarded');
      return;
    }
    const result = await guarding.guards.open({
      callId: call.callId,
      resident,
      presented: call.presented,
      control,
    });
    if (!result.guarded) {
      log.debug({ why: result.why }, 'call not guarded');
      return;
    }
    guard = result.guard;
    if (closing || call.ended) return; // ended while opening: close() ends the session
    const legs = call.legs();
    if (!guarding.speech || !legs) {
      call.note('call guard: on, without speech recognition');
      log.info('call guarded without a speech pipeline: no turns will come from the audio');
      return;
    }
    try {
      listener = guarding.speech.listen(call.callId, (heard) => {
        const deliveredAt = performance.now(); // waiting behind earlier turns counts towards this one's latency
        turns = turns.then(() => onUtterance(heard, deliveredAt));
      });
    } catch (error) {
      call.note('call guard: could not listen (the call goes on)');
      log.error({ err: error }, 'guard: the speech pipeline could not listen; the call goes on (fail open)');
      return;
    }
    call.note('call guard: listening');
    const active = listener;
    let faulted = false;
    // An exception in an RTP event handler would reach the socket: a listener that breaks the port's promise not to
    // throw is logged once and the call goes on.
    const hear = (speaker: Speaker, samples: Int16Array) => {
      try {
        active.hear(speaker, samples);
      } catch (error) {
        if (!faulted)
          log.error({ err: error, speaker }, 'guard: the speech listener failed on audio; the call goes on');
        faulted = true;
      }
    };
    const fromCaller = (samples: Int16Array) => hear('caller', samples);
    const fromResident = (samples: Int16Array) => hear('callee', samples);
    legs.caller.on('audio', fromCaller);
    legs.callee.on('audio', fromResident);
    detach.push(
      () => legs.caller.off('audio', fromCaller),
      () => legs.callee.off('audio', fromResident),
    );
    log.info({ speech: guarding.speech.description }, 'guard: listening to both legs');
  })().catch((error: unknown) => {
    log.error({ err: error }, 'guard could not be opened; the call goes on unguarded (fail open)');
  });

  async function onUtterance(heard: HeardUtterance, deliveredAt: number): Promise<void> {
    const text = heard.text.trim();
    if (text === '') return;
    actedAt = null;
    try {
      if (!guard) return;
      const keywords = heard.keywords.length > 0 ? { keywords: heard.keywords } : {};
      const result = await guard.addTurn({ speaker: heard.speaker, text, ...keywords });
      // The verdict is when the guard acted on the turn (the warning queued, the announcement started), else when
      // it returned; what the action itself takes (an announcement, hanging up) is not part of it.
      const guardMs = (actedAt ?? performance.now()) - deliveredAt;
      const seconds = (heard.recognitionMs + guardMs) / 1000;
      metrics?.verdictSeconds.observe(seconds);
      log.info(
        {
          speaker: heard.speaker,
          engine: heard.engine,
          recognitionMs: Math.round(heard.recognitionMs),
          guardMs: Math.round(guardMs),
          verdictMs: Math.round(seconds * 1000),
          risk: result.assessment.risk,
          action: result.assessment.action,
          actions: result.actions,
        },
        'guard: turn assessed',
      );
    } catch (error) {
      log.error({ err: error, speaker: heard.speaker }, 'guard: a turn could not be assessed; the call goes on');
    }
  }

  return {
    close() {
      closing ??= (async () => {
        await opening;
        for (const off of detach.splice(0)) off();
        try {
          await listener?.close();
        } catch (error) {
          log.error({ err: error }, 'guard: the speech listener failed to close');
        }
        await turns;
        if (!guard) return;
        try {
          const summary = await guarding.guards.end(call.callId);
          if (summary) log.info({ ...summary }, 'guard: session ended with the call');
        } catch (error) {
          log.error({ err: error }, 'guard: the session could not be ended');
        }
      })();
      return closing;
    },
  };
}
