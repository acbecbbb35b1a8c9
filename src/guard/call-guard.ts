/**
 * One guarded call: turns go into the call's own streaming detector, and the guard acts on the action level, each
 * action once per call — `warn`: a spoken warning into the resident's leg (again only when a new stage appears);
 * `alert`: the carer and trusted contacts are told (and the bank, where the resident opted in); `end`: the call is
 * ended, the number blocked for this resident and a report filed with the evidence. What the guard does at each
 * level is the resident's choice (`settings.guard`). All state is per call; the detector model is shared.
 *
 * Privacy: the turns are held in memory only while the call lasts. A call that reaches `alert` keeps its evidence
 * (stages, reasons and the turns the reasons cite) until it expires; a call that ends clean keeps nothing.
 *
 * @example
 * const guard = createCallGuard({ call, detector: createCallDetector(model), control, effects, log });
 * const step = await guard.addTurn({ speaker: 'caller', text: 'Read me your PIN.' });
 * step.actions; // ['warn-resident', 'notify-contacts']
 * await guard.end(); // { flagged: true, level: 'alert', turns: 1 }
 */
import type { Logger } from 'pino';
import type { CallDetector, Turn, TurnAssessment } from '../detection/call-detector.js';
import { type ActionLevel, actionRank, type Stage } from '../detection/stages.js';
import type { E164 } from '../numbers/phone-number.js';
import type { GuardSettings } from '../residents/resident.js';
import type { EvidenceTurn, GuardEvidence, ReportType } from '../store/store.js';
import { type CallControl, endingText, warningText } from './call-control.js';

/** What the guard did after a turn (the transcript feed returns them so a platform can act the same way). */
export const guardActions = [
  'warn-resident',
  'notify-contacts',
  'notify-bank',
  'end-call',
  'block-number',
  'file-report',
] as const;
export type GuardAction = (typeof guardActions)[number];

export interface GuardedCall {
  callId: string;
  resident: { id: number; name: string; number: E164; timeZone: string };
  /** The caller ID as presented ('' when withheld) and normalised, when it could be. */
  presented: string;
  number: E164 | null;
  settings: GuardSettings;
  /** Set when the resident opted in to bank at-risk notices and a bank endpoint is configured. */
  bankNotice: { customerReference: string | null } | null;
}

/** One alert, for the notifications. */
export interface GuardAlert {
  level: 'alert' | 'end';
  at: Date;
  assessment: TurnAssessment;
  /** What CallWarden did, in plain words. */
  done: readonly string[];
  contacts: boolean;
  bank: boolean;
}

/** What the application does for a guard (store, notifications); implemented by the guard service. */
export interface GuardEffects {
  notify(call: GuardedCall, alert: GuardAlert): Promise<void>;
  block(call: GuardedCall & { number: E164 }, reason: string): Promise<void>;
  report(call: GuardedCall, report: { type: ReportType; text: string }): Promise<void>;
  keepEvidence(evidence: GuardEvidence): Promise<void>;
}

export interface GuardStep {
  assessment: TurnAssessment;
  actions: GuardAction[];
}

export interface GuardSummary {
  callId: string;
  /** Reached `alert` (or `end`): evidence kept. */
  flagged: boolean;
  /** The highest action level the call reached. */
  level: ActionLevel;
  turns: number;
}

export interface CallGuard {
  readonly callId: string;
  readonly current: TurnAssessment;
  /** The highest action level so far. */
  readonly level: ActionLevel;
  readonly closed: boolean;
  /** Turns are handled one at a time, in the order given, however they arrive. */
  addTurn(turn: Turn): Promise<GuardStep>;
  /** Ends the session: keeps the evidence of a flagged call, forgets everything of a clean one. */
  end(): Promise<GuardSummary>;
}

export interface CallGuardDeps {
  call: GuardedCall;
  detector: CallDetector;
  control: CallControl;
  effects: GuardEffects;
  /** A child logger for this call (callId, from, to). */
  log: Logger;
  retentionDays: number;
  now?: () => Date;
  /** Called as each turn arrives (the service keeps its idle clock with it). */
  onTurn?: () => void;
}

export class GuardClosedError extends Error {
  override name = 'GuardClosedError';
}

const dayMs = 86_400_000;

export function createCallGuard(deps: CallGuardDeps): CallGuard {
  const { call, detector, control, effects, log } = deps;
  const settings = call.settings;
  const now = deps.now ?? (() => new Date());
  /** The call's words, kept in memory only while it lasts. */
  let turns: Turn[] = [];
  const warnedStages = new Set<Stage>();
  let warned = false;
  let alerted = false;
  let ended = false;
  let bankTold = false;
  let flaggedAt: Date | null = null;
  let level: ActionLevel = 'none';
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  const done: string[] = [];
  const firstName = call.resident.name.split(/\s+/)[0] || call.resident.name;

  /** A side effect that must not stop the guard (the call goes on being protected): logged when it fails. */
  async function attempt(what: string, work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (error) {
      log.error({ err: error, action: what }, 'guard action failed');
      return false;
    }
  }

  function evidence(assessment: TurnAssessment): GuardEvidence {
    const cited = new Set(assessment.reasons.map((reason) => reason.turn));
    const kept: EvidenceTurn[] = [];
    for (const index of [...cited].sort((a, b) => a - b)) {
      const turn = turns[index];
      if (turn) kept.push({ turn: index, speaker: turn.speaker, text: turn.text });
    }
    const at = flaggedAt ?? now();
    return {
      callId: call.callId,
      residentId: call.resident.id,
      number: call.number,
      presented: call.presented,
      level,
      risk: assessment.risk,
      stages: [...assessment.stages],
      reasons: assessment.reasons.map(({ turn, stage, text, source }) => ({ turn, stage, text, source })),
      turns: kept,
      flaggedAt: at,
      expiresAt: new Date(at.getTime() + deps.retentionDays * dayMs),
    };
  }

  async function handle(turn: Turn): Promise<GuardStep> {
    if (closed) throw new GuardClosedError(`call ${call.callId} is no longer guarded (it has ended)`);
    turns.push({ speaker: turn.speaker, text: turn.text });
    const assessment = detector.addTurn(turn);
    const actions: GuardAction[] = [];
    // An `end` the resident does not want CallWarden to carry out is still an alert.
    const effective: ActionLevel = assessment.action === 'end' && !settings.endCall ? 'alert' : assessment.action;
    if (actionRank[effective] > actionRank[level]) level = effective;
    if (ended) return { assessment, actions };

    if (effective === 'end') {
      ended = true;
      flaggedAt ??= now();
      log.warn(
        { risk: assessment.risk, stages: assessment.stages, turn: assessment.turn },
        'guard: ending a scam call',
      );
      if (await attempt('end-call', () => control.endCall({ prompt: 'ending-call', text: endingText, stage: null }))) {
        actions.push('end-call');
        done.push('Ended the call.');
      }
      if (call.number !== null) {
        const number = call.number;
        // In the words the carer reads in the block list: the strongest reason the detector gave (an ask), else the first.
        const telling =
          assessment.reasons.find((reason) => reason.source !== 'model' && reason.source !== 'keyword-spotter') ??
          assessment.reasons[0];
        const reason = `Call ended by CallWarden as a scam.${telling ? ` ${telling.text}` : ''}`;
        if (await attempt('block-number', () => effects.block({ ...call, number }, reason))) {
          actions.push('block-number');
          done.push(`Blocked ${call.presented || number} for ${firstName}.`);
        }
      }
      if (await attempt('file-report', () => effects.report(call, scamReport(assessment)))) {
        actions.push('file-report');
        done.push('Filed a scam report.');
      }
      await alert('end', assessment, actions);
    } else if (actionRank[effective] >= actionRank.warn) {
      const fresh = assessment.stages.filter((stage) => !warnedStages.has(stage));
      if (settings.warnResident && (!warned || fresh.length > 0)) {
        const stage = fresh[0] ?? null;
        if (
          await attempt('warn-resident', () =>
            control.warnResident({ prompt: 'warning-scam', text: warningText, stage }),
          )
        ) {
          actions.push('warn-resident');
          if (!warned) done.push(`Warned ${firstName} during the call (only ${firstName} heard it).`);
        }
        warned = true;
      }
      for (const stage of assessment.stages) warnedStages.add(stage);
      if (effective === 'alert' && !alerted) {
        flaggedAt ??= now();
        await alert('alert', assessment, actions);
      }
    }
    return { assessment, actions };
  }

  async function alert(at: 'alert' | 'end', assessment: TurnAssessment, actions: GuardAction[]): Promise<void> {
    alerted = true;
    const contacts = settings.alertContacts;
    const bank = call.bankNotice !== null && !bankTold;
    if (contacts || bank) {
      const sent = await attempt('notify', () =>
        effects.notify(call, { level: at, at: now(), assessment, done: [...done], contacts, bank }),
      );
      if (sent && contacts) actions.push('notify-contacts');
      if (sent && bank) actions.push('notify-bank');
      if (sent && bank) bankTold = true;
    }
    await attempt('keep-evidence', () => effects.keepEvidence(evidence(assessment)));
  }

  return {
    callId: call.callId,
    get current() {
      return detector.current;
    },
    get level() {
      return level;
    },
    get closed() {
      return closed;
    },
    addTurn(turn) {
      deps.onTurn?.();
      const step = queue.then(() => handle(turn));
      queue = step.catch(() => {});
      return step;
    },
    end() {
      const summary = queue.then(async (): Promise<GuardSummary> => {
        if (closed) return { callId: call.callId, flagged: flaggedAt !== null, level, turns: 0 };
        closed = true;
        const flagged = flaggedAt !== null;
        const count = turns.length;
        // The final evidence of a flagged call includes reasons found after the alert.
        if (flagged) await attempt('keep-evidence', () => effects.keepEvidence(evidence(detector.current)));
        turns = [];
        log.info(
          { flagged, level, turns: count },
          flagged ? 'guarded call ended; evidence kept' : 'guarded call ended clean; transcript discarded',
        );
        return { callId: call.callId, flagged, level, turns: count };
      });
      queue = summary.catch(() => {});
      return summary;
    },
  };
}

/** Rules whose evidence names the kind of scam, for the report's type. */
const reportTypeByRule: Readonly<Record<string, ReportType>> = {
  'remote-access-ask': 'tech-support',
  'computer-instructions': 'tech-support',
  'prompted-callback': 'tech-support',
  'gift-card-payment': 'vouchers',
};

function scamReport(assessment: TurnAssessment): { type: ReportType; text: string } {
  const stages = new Set(assessment.stages);
  const byRule = assessment.reasons.map((reason) => reportTypeByRule[reason.source]).find((type) => type !== undefined);
  const type: ReportType = stages.has('handover') ? 'courier-fraud' : (byRule ?? 'other');
  const reasons = [...new Set(assessment.reasons.map((reason) => reason.text))].map((text) => `- ${text}`);
  const text = [
    `Call ended by CallWarden's call guard (risk ${assessment.risk.toFixed(2)}; stages: ${assessment.stages.join(', ') || 'none named'}).`,
    ...reasons,
  ]
    .join('\n')
    .slice(0, 5000);
  return { type, text };
}
