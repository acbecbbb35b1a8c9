/**
 * What CallWarden does on a call it answers itself, one async function per screening decision: take a voicemail,
 * screen the caller (record their name, ring the resident, play it, act on the key they press), or announce a block.
 * The flows drive media through `FlowControl`, which the SIP service implements per call (not to be confused with
 * the live call guard's `FlowControl` in src/guard/call-control.ts); every await is followed
 * by a check that the call is still up, and a hang-up on either side closes the media sessions, which ends any play
 * or recording at once.
 *
 * @example
 * void voicemailFlow(control, { prompts, timings, voicemail });
 */
import type { Logger } from '../../observability/logger.js';
import type { Prompts } from '../media/prompts.js';
import type { RecordingStop, RtpSession } from '../media/rtp-session.js';
import type { VoicemailBox } from './voicemail-box.js';

/** How long each interactive step may take (all in milliseconds). */
export interface CallTimings {
  /** Longest voicemail message. */
  voicemailMaxMs: number;
  /** A message ends after this much silence following speech. */
  voicemailSilenceMs: number;
  /** A caller who says nothing this long after the tone leaves no message. */
  voicemailNoInputMs: number;
  /** Longest name-and-reason recording when screening. */
  nameMaxMs: number;
  nameSilenceMs: number;
  /** A screened caller who says nothing this long is not put through. */
  nameNoInputMs: number;
  /** After the choices are played, the resident has this long to press a key; then the call is rejected. */
  keyTimeoutMs: number;
}

export const defaultCallTimings: CallTimings = Object.freeze({
  voicemailMaxMs: 60_000,
  voicemailSilenceMs: 5000,
  voicemailNoInputMs: 15_000,
  nameMaxMs: 5000,
  nameSilenceMs: 1500,
  nameNoInputMs: 5000,
  keyTimeoutMs: 10_000,
});

/** The caller of a call, as the resident's keypad acts on them. */
export interface ScreenedCaller {
  callId: string;
  residentId: number;
  /** The caller ID as screened (a SIP URI or P-Asserted-Identity value). */
  number: string;
  /** What the report says (default: that it came from the keypad during screening). */
  text?: string;
}

/** One call as the flows see it; implemented by the SIP service. */
export interface FlowControl {
  readonly callId: string;
  readonly residentId: number | null;
  readonly callerId: string;
  /** True once either side hung up or the call was ended. */
  readonly ended: boolean;
  readonly log: Logger;
  /** Answers the caller (200 OK with our SDP) on a fresh media session; null when the call ended meanwhile. */
  answerCaller(): Promise<RtpSession | null>;
  /** Rings the resident's phone with our offer; its media session once it answers, null when it did not. */
  ringResident(): Promise<RtpSession | null>;
  /** Relays audio both ways: the caller and the resident are connected. */
  connect(outcome: string): void;
  /** Hangs up the resident's leg only (BYE) and closes its media. */
  releaseResident(): void;
  /** Records a step in the call log. */
  note(outcome: string): void;
  /** Ends the call: BYE (or a final response) to every leg still up, media closed, timers cleared. */
  hangUp(outcome: string): void;
  /** A timer that is cleared when the call ends. */
  after(ms: number, run: () => void): void;
  /** The resident rejected or reported this caller: their next call to a bank or the police gets the clear line. */
  flagged(why: string): void;
}

export interface FlowContext {
  prompts: Prompts;
  timings: CallTimings;
  voicemail: VoicemailBox | null;
  /** The resident pressed 3: report the caller as a scam. */
  reportScam?: ((caller: ScreenedCaller) => Promise<void>) | undefined;
  /** The resident pressed 9: add the caller to the resident's trusted contacts. */
  trustCaller?: ((caller: ScreenedCaller) => Promise<void>) | undefined;
}

/** RMS a 20 ms frame must reach to count as speech (the recorder's default). */
const speechLevel = 500;

export function hasSpeech(samples: Int16Array): boolean {
  for (let start = 0; start + 160 <= samples.length; start += 160) {
    let sum = 0;
    for (let i = start; i < start + 160; i += 1) sum += (samples[i] ?? 0) ** 2;
    if (Math.sqrt(sum / 160) >= speechLevel) return true;
  }
  return false;
}

const seconds = (samples: Int16Array) => `${(samples.length / 8000).toFixed(1)} s`;

/** Voicemail: greeting, tone, record until silence, the length limit or the caller's BYE; save; hang up. */
export async function voicemailFlow(call: FlowControl, context: FlowContext): Promise<void> {
  const { prompts, timings } = context;
  const caller = await call.answerCaller();
  if (!caller) return;
  call.note('voicemail: answered');
  await caller.play(prompts['voicemail-greeting']);
  await caller.play(prompts.tone);
  if (call.ended) return;
  let stop = 'closed' as RecordingStop;
  const message = await caller.record({
    maxMs: timings.voicemailMaxMs,
    silenceMs: timings.voicemailSilenceMs,
    noInputMs: timings.voicemailNoInputMs,
    onStop: (reason) => {
      stop = reason;
    },
  });
  if (stop === 'no-input' || !hasSpeech(message)) {
    call.note('voicemail: no message left');
  } else if (context.voicemail) {
    try {
      const path = await context.voicemail.save(call.callId, message);
      call.log.info({ path, samples: message.length, stop }, 'voicemail saved');
      call.note(`voicemail: message recorded (${seconds(message)})`);
    } catch (error) {
      call.log.error({ err: error }, 'voicemail could not be saved');
      call.note('voicemail: the message could not be saved');
    }
  }
  if (!call.ended) call.hangUp('voicemail: CallWarden hung up after the message');
}

/** Block with an announcement: answer, say the resident does not accept calls from this number, hang up. */
export async function announceFlow(call: FlowControl, context: FlowContext): Promise<void> {
  const caller = await call.answerCaller();
  if (!caller) return;
  await caller.play(context.prompts['blocked-announcement']);
  if (!call.ended) call.hangUp('blocked: announcement played');
}

type Choice = '1' | '2' | '3' | '9' | 'timeout' | 'gone';

/**
 * Screening: ask the caller's name and reason, ring the resident, play "Call from: <name>" and the choices to the
 * resident only, then act on their key: 1 connect, 2 reject, 3 reject and report as a scam, 9 connect and trust the
 * caller from now on. No key within `keyTimeoutMs` rejects. A caller who stays silent or hangs up never rings the phone.
 */
export async function screeningFlow(call: FlowControl, context: FlowContext): Promise<void> {
  const { prompts, timings } = context;
  const caller = await call.answerCaller();
  if (!caller) return;
  call.note('screening: answered');
  await caller.play(prompts['screen-ask-name']);
  await caller.play(prompts.tone);
  if (call.ended) return;
  let stop = 'closed' as RecordingStop;
  const name = await caller.record({
    maxMs: timings.nameMaxMs,
    silenceMs: timings.nameSilenceMs,
    noInputMs: timings.nameNoInputMs,
    onStop: (reason) => {
      stop = reason;
    },
  });
  if (call.ended) return;
  if (stop === 'no-input' || !hasSpeech(name)) {
    call.hangUp('screening: the caller said nothing; not put through');
    return;
  }
  call.note(`screening: caller gave a name (${seconds(name)})`);
  const phone = await call.ringResident();
  if (!phone) {
    if (!call.ended) call.hangUp("screening: the resident's phone did not answer");
    return;
  }
  const choice = await new Promise<Choice>((resolve) => {
    let decided = false;
    const decide = (choice: Choice) => {
      if (decided) return;
      decided = true;
      phone.off('dtmf', onKey);
      phone.stopPlaying();
      resolve(choice);
    };
    const onKey = ({ digit }: { digit: string }) => {
      if (digit === '1' || digit === '2' || digit === '3' || digit === '9') decide(digit);
    };
    phone.on('dtmf', onKey);
    phone.once('close', () => decide('gone'));
    void (async () => {
      for (const samples of [prompts['screen-call-from'], name, prompts['screen-choices']]) {
        if (decided) return;
        await phone.play(samples);
      }
      if (!decided) call.after(timings.keyTimeoutMs, () => decide('timeout'));
    })();
  });
  if (call.ended || choice === 'gone') return;
  const residentId = call.residentId;
  const screened = residentId === null ? null : { callId: call.callId, residentId, number: call.callerId };
  switch (choice) {
    case '1':
      call.connect('screening: the resident accepted (1)');
      return;
    case '9':
      if (screened && context.trustCaller) {
        try {
          await context.trustCaller(screened);
          call.note('screening: caller added to trusted contacts (9)');
        } catch (error) {
          call.log.warn({ err: error }, 'the caller could not be added to the trusted contacts');
          call.note('screening: caller could not be added to trusted contacts');
        }
      }
      if (call.ended) return;
      call.connect('screening: the resident accepted and always allows this caller (9)');
      return;
    case '2':
    case '3':
    case 'timeout': {
      call.releaseResident();
      if (choice !== 'timeout') call.flagged(choice === '3' ? 'reported' : 'screen rejected');
      call.note(
        choice === '2'
          ? 'screening: the resident rejected the call (2)'
          : choice === '3'
            ? 'screening: the resident rejected the call and reported a scam (3)'
            : 'screening: no key from the resident; rejected',
      );
      const reported =
        choice === '3' && screened && context.reportScam
          ? context.reportScam(screened).then(
              () => call.note('screening: scam report filed'),
              (error: unknown) => {
                call.log.warn({ err: error }, 'the scam report could not be filed');
                call.note('screening: the scam report could not be filed');
              },
            )
          : Promise.resolve();
      await caller.play(prompts['blocked-announcement']);
      await reported;
      if (!call.ended) call.hangUp('screening: CallWarden hung up on the caller');
      return;
    }
  }
}

/**
 * An outgoing call to a bank or the police shortly after a suspicious call: the resident is answered by CallWarden,
 * hears `line-clear` (the line is really clear: a scammer who stayed on the line cannot be reached by this call), and
 * only then is the number dialled on a fresh leg to the trunk (`ringResident` rings the far end of this call).
 */
export async function clearLineFlow(call: FlowControl, context: FlowContext, dialled: string): Promise<void> {
  const resident = await call.answerCaller();
  if (!resident) return;
  await resident.play(context.prompts['line-clear']);
  if (call.ended) return;
  call.note(`outgoing to ${dialled}: clear-line announced, fresh leg`);
  const far = await call.ringResident();
  if (!far) {
    if (!call.ended) call.hangUp(`${dialled} did not answer`);
    return;
  }
  call.connect('answered');
}

/** What became of a "report the last caller" short code: a closed set, each with its prompt. */
export const shortCodeReports = ['filed', 'nothing-recent', 'failed'] as const;
export type ShortCodeReport = (typeof shortCodeReports)[number];

const shortCodePrompts = {
  filed: 'report-filed',
  'nothing-recent': 'nothing-to-report',
  failed: 'nothing-to-report',
} as const satisfies Record<ShortCodeReport, keyof Prompts>;

/**
 * The resident dialled the "report the last caller" short code (`*57`): CallWarden answers their phone itself (the
 * call never goes to the trunk), files the report while answering, confirms it in words (or says there was nothing
 * recent to report), and hangs up. `file` resolves with what happened and the call-log line; it never throws.
 */
export async function reportLastCallerFlow(
  call: FlowControl,
  context: FlowContext,
  file: () => Promise<{ result: ShortCodeReport; outcome: string }>,
): Promise<void> {
  const [resident, filed] = await Promise.all([call.answerCaller(), file()]);
  call.note(filed.outcome);
  if (!resident) return;
  await resident.play(context.prompts[shortCodePrompts[filed.result]]);
  if (!call.ended) call.hangUp('CallWarden hung up after the confirmation');
}
