/**
 * The port through which a guard session acts on a live call. The B2BUA implements it over the call's two media
 * legs (the resident's and the network caller's); the transcript feed, where another platform owns the call, gets a
 * control that only reports (the platform reads the returned actions and acts itself).
 *
 * @example
 * const control: CallControl = {
 *   warnResident: async (warning) => residentLeg.play(prompts[warning.prompt]), // the caller's leg hears nothing
 *   endCall: async (announcement) => { await residentLeg.play(prompts[announcement.prompt]); await hangUpBoth(); },
 * };
 */
import type { Stage } from '../detection/stages.js';

/** Recorded prompts in `prompts/` (`warning-scam.wav`, `ending-call.wav`); `text` is what they say. */
export const guardPrompts = ['warning-scam', 'ending-call'] as const;
export type GuardPrompt = (typeof guardPrompts)[number];

export interface ResidentWarning {
  prompt: GuardPrompt;
  /** The words of the prompt (for speech synthesis, logs and the transcript feed's answer). */
  text: string;
  /** The newly seen stage the warning is about; null for a warning on risk alone. */
  stage: Stage | null;
}

export interface CallControl {
  /**
   * Plays a short warning into the resident's leg only: the caller must not hear it (they would adapt the script).
   * Resolves once it has been queued or played; a failure is logged by the guard and does not stop the guard.
   */
  warnResident(warning: ResidentWarning): Promise<void>;
  /** Tells the resident CallWarden is ending a fraudulent call, then tears down both legs (with clear-line). */
  endCall(announcement: ResidentWarning): Promise<void>;
}

/** What the resident hears. */
export const warningText =
  'This may be a scam. Police and banks never ask for your PIN or send a courier. You can hang up now.';
/** The words of `prompts/ending-call.wav` (kept equal to it: the transcript feed's platforms may synthesise them). */
export const endingText = 'CallWarden is ending this call because it appears to be a scam.';

/** For calls whose media CallWarden does not carry (the transcript feed): acting is left to the platform. */
export const reportOnlyControl: CallControl = Object.freeze({
  warnResident: async () => {},
  endCall: async () => {},
});
