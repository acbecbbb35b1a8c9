/**
 * The screening policy: a pure function from an incoming call and the facts CallWarden holds about its caller and
 * the called resident to a decision — ring, screen, voicemail or block — with the reasons a carer can read.
 *
 * Order of evidence: a caller ID that can never be genuine (emergency numbers, the resident's own number, the
 * Do-Not-Originate list, numbers that do not exist) is blocked before anything else, even when a contact has the same
 * number, because spoofing is evident. Then trusted contacts ring through, then block list and reputation, then the
 * resident's own settings; where several settings apply the most restrictive action wins.
 *
 * @example
 * decideScreening(aCall('07700 900123'), { resident, contact: null, block: null, dno: null, reputation: null })
 * // → { action: 'screen', risk: 0.3, reasons: [{ code: 'unknown-caller', text: 'This number is not one of ...' }] }
 */
import type { PhoneNumber } from '../numbers/phone-number.js';
import type { Reputation } from '../reputation/reputation.js';
import type { Resident } from '../residents/resident.js';

export const actions = ['ring', 'screen', 'voicemail', 'block'] as const;
export type Action = (typeof actions)[number];

export const reasonCodes = [
  'trusted-contact',
  'spoofed-caller-id',
  'do-not-originate',
  'emergency-number',
  'own-number',
  'blocked-number',
  'reported-scam',
  'reported-suspicious',
  'invalid-number',
  'withheld',
  'unknown-caller',
  'international',
  'premium-rate',
  'quiet-hours',
  'screening-fault',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

export interface Reason {
  code: ReasonCode;
  /** One or two sentences a resident or carer understands. */
  text: string;
}

export interface Decision {
  action: Action;
  /** 0..1: how likely this caller is a scammer or nuisance. */
  risk: number;
  reasons: Reason[];
}

/** Caller-ID verification result from the network (STIR/SHAKEN verstat), when the trunk provides one. */
export const attestations = ['verified', 'not-verified', 'failed'] as const;
export type Attestation = (typeof attestations)[number];

export interface IncomingCall {
  /** The caller ID exactly as presented (kept for evidence). */
  presented: string;
  /** The parsed caller number; null when withheld or unparseable. */
  caller: PhoneNumber | null;
  /** Why the caller ID could not be parsed, when it could not. */
  callerError: string | null;
  withheld: boolean;
  at: Date;
  attestation: Attestation | null;
}

/** What the store knows about this caller, as seen by this resident. */
export interface ScreeningFacts {
  resident: Resident;
  contact: { name: string } | null;
  block: { reason: string; source: string } | null;
  dno: { owner: string | null } | null;
  reputation: ReputationSummary | null;
}

/** The part of a number's reputation that screening uses. */
export type ReputationSummary = Pick<Reputation, 'score' | 'verdict' | 'distinctReporters'>;

/** Rank of restrictiveness: when several rules apply, the highest wins. */
const severity = { ring: 0, screen: 1, voicemail: 2, block: 3 } as const satisfies Record<Action, number>;

/** Decides what to do with one incoming call. Pure and allocation-light: it runs before every ring. */
export function decideScreening(call: IncomingCall, facts: ScreeningFacts): Decision {
  const { resident } = facts;
  const settings = resident.settings;
  const caller = call.caller;

  if (call.withheld || (caller === null && call.callerError === null)) {
    const decision = soft(settings.withheld, 0.45, {
      code: 'withheld',
      text: 'The caller hid their number. Genuine callers who hide their number can say who they are or leave a message.',
    });
    return applyQuietHours(decision, call, resident);
  }

  if (caller === null) {
    return block(0.9, {
      code: 'invalid-number',
      text: `The caller's number (${call.presented}) is not a real phone number, so it was faked. ${call.callerError ?? ''}`.trim(),
    });
  }
  if (caller.special) {
    return block(0.99, {
      code: 'emergency-number',
      text: `The call claimed to come from ${caller.special.name}. That number never makes calls, so the caller is pretending.`,
    });
  }
  if (caller.e164 !== null && caller.e164 === resident.number) {
    return block(0.97, {
      code: 'own-number',
      text: `The call showed ${resident.name}'s own number. Nobody else can call from it, so the number was faked.`,
    });
  }
  if (facts.dno) {
    const owner = facts.dno.owner ? `${facts.dno.owner}'s` : 'an';
    return block(0.98, {
      code: 'do-not-originate',
      text: `The call showed ${owner} incoming-only number ${caller.national}, which is never used to make calls. Scammers fake it to seem genuine.`,
    });
  }
  if (!caller.valid) {
    return block(0.9, {
      code: 'invalid-number',
      text: `The number ${call.presented} does not exist in the numbering plan, so it was faked.`,
    });
  }
  if (caller.kind === 'short-code') {
    return block(0.9, {
      code: 'invalid-number',
      text: `The call showed the short code ${caller.national}, which cannot make ordinary calls.`,
    });
  }

  if (call.attestation === 'failed') {
    return {
      action: 'screen',
      risk: 0.8,
      reasons: [
        {
          code: 'spoofed-caller-id',
          text: `The phone network could not confirm the call really came from ${caller.national}${facts.contact ? ` (${facts.contact.name})` : ''}. The caller must say who they are first.`,
        },
      ],
    };
  }
  if (facts.contact) {
    return {
      action: 'ring',
      risk: 0.02,
      reasons: [
        { code: 'trusted-contact', text: `${facts.contact.name} is one of ${resident.name}'s trusted contacts.` },
      ],
    };
  }
  if (facts.block) {
    return block(0.95, {
      code: 'blocked-number',
      text: `This number is on the block list: ${facts.block.reason}.`,
    });
  }
  const reputation = facts.reputation;
  if (reputation?.verdict === 'scam') {
    return block(Math.max(0.9, reputation.score), {
      code: 'reported-scam',
      text: `${reputation.distinctReporters} different people have reported this number as a scam.`,
    });
  }

  // Every caller reaching this point is not a contact: start from the resident's unknown-caller setting.
  let decision = soft(settings.unknownCallers, 0.3, {
    code: 'unknown-caller',
    text: `This number is not one of ${resident.name}'s trusted contacts.`,
  });
  const add = (action: Action, risk: number, reason: Reason) => {
    decision = merge(decision, soft(action, risk, reason));
  };
  if (reputation?.verdict === 'suspicious') {
    add('screen', Math.max(0.5, reputation.score), {
      code: 'reported-suspicious',
      text: `This number has been reported as suspicious (${reputation.distinctReporters === 1 ? 'one report' : `${reputation.distinctReporters} reporters`}), so the caller must say who they are.`,
    });
  }
  if (caller.kind === 'premium-rate') {
    add(settings.premiumRate, 0.7, {
      code: 'premium-rate',
      text: `The call came from a premium-rate number (${caller.national}); calling it back would cost a lot.`,
    });
  }
  // Same calling code means same numbering plan (UK, Channel Islands and Isle of Man all share +44).
  if (caller.callingCode !== null && !resident.number.startsWith(`+${caller.callingCode}`)) {
    add(settings.international, 0.5, {
      code: 'international',
      text: `The call came from abroad (${caller.country ?? `+${caller.callingCode}`}). Many scam calls come from overseas.`,
    });
  }
  return applyQuietHours(decision, call, resident);
}

function block(risk: number, reason: Reason): Decision {
  return { action: 'block', risk, reasons: [reason] };
}

function soft(action: Action, risk: number, reason: Reason): Decision {
  return { action, risk, reasons: [reason] };
}

function merge(current: Decision, next: Decision): Decision {
  return {
    action: severity[next.action] > severity[current.action] ? next.action : current.action,
    risk: Math.max(current.risk, next.risk),
    reasons: [...current.reasons, ...next.reasons],
  };
}

function applyQuietHours(decision: Decision, call: IncomingCall, resident: Resident): Decision {
  const quiet = resident.settings.quietHours;
  if (quiet === null || !isWithin(minutesOfDay(call.at, resident.settings.timeZone), quiet.start, quiet.end)) {
    return decision;
  }
  return merge(decision, {
    action: 'voicemail',
    risk: decision.risk,
    reasons: [
      {
        code: 'quiet-hours',
        text: `It is within ${resident.name}'s quiet hours (${quiet.start}–${quiet.end}), so callers who are not trusted contacts go to voicemail.`,
      },
    ],
  });
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function minutesOfDay(at: Date, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  const [hours = '0', minutes = '0'] = formatter.format(at).split(':');
  return Number(hours) * 60 + Number(minutes);
}

function toMinutes(clock: string): number {
  const [hours = '0', minutes = '0'] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** True when `minute` lies in [start, end), allowing windows that wrap past midnight (21:00–08:00). */
function isWithin(minute: number, start: string, end: string): boolean {
  const from = toMinutes(start);
  const to = toMinutes(end);
  return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
}
