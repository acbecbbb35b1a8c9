/**
 * The guard sessions of a running service: opens one per guarded call (when the resident switched the guard on and,
 * by default, only for callers who are not trusted contacts), finds it by call id, closes it, and carries out what
 * the sessions ask for — notifications into the durable outbox, the resident's block, the report, the evidence.
 * A periodic job purges expired evidence and old notifications, and ends sessions nobody closed.
 *
 * @example
 * const guards = createGuardService({ store, ops, model, log, region: 'GB', options });
 * const opened = await guards.open({ callId, resident, presented: '+442079460000', control });
 * if (opened.guarded) await opened.guard.addTurn({ speaker: 'caller', text: 'Hello, Metropolitan Police here.' });
 * await guards.end(callId);
 */
import type { Logger } from 'pino';
import type { Operations } from '../app/operations.js';
import { createCallDetector } from '../detection/call-detector.js';
import { actionExplanations } from '../detection/explanations.js';
import type { DetectorModel } from '../detection/turn-classifier.js';
import { alertNotifications } from '../notifications/alert-messages.js';
import { parseNumber } from '../numbers/phone-number.js';
import type { Resident } from '../residents/resident.js';
import type { Store } from '../store/store.js';
import { type CallControl, reportOnlyControl } from './call-control.js';
import {
  type CallGuard,
  createCallGuard,
  type GuardEffects,
  type GuardedCall,
  type GuardSummary,
} from './call-guard.js';

export interface GuardOptions {
  retentionDays: number;
  dashboardUrl: string;
  /** The operator's webhook (null: none). */
  webhookUrl: string | null;
  /** Whether each channel can send (a webhook needs its secret, email an SMTP server, the bank an endpoint). */
  channels: { webhook: boolean; email: boolean; bank: string | null };
  /** A session without a turn for this long is ended as if the call had (default 2 hours). */
  idleMs?: number;
  /** How often expired evidence is purged and idle sessions ended (default 1 hour). */
  sweepMs?: number;
}

export interface GuardServiceDeps {
  store: Store;
  ops: Operations;
  model: DetectorModel;
  log: Logger;
  region: string;
  options: GuardOptions;
  /** Called after notifications were queued (the dispatcher sends them at once rather than at its next poll). */
  onQueued?: () => void;
  now?: () => Date;
}

export type OpenResult = { guarded: true; guard: CallGuard } | { guarded: false; why: string };

export interface GuardService {
  /** Opens the call's session, or says why the call is not guarded. Opening an open call returns it again. */
  open(input: { callId: string; resident: Resident; presented: string; control?: CallControl }): Promise<OpenResult>;
  /** The open session of a call, or why there is none ('ended', 'not guarded: …'), or undefined when unknown. */
  find(callId: string): OpenResult | { guarded: false; why: 'ended' } | undefined;
  /** Ends the call's session; null when it had none. */
  end(callId: string): Promise<GuardSummary | null>;
  /** Deletes expired evidence and sent/failed notifications older than the retention period. */
  purge(): Promise<{ evidence: number; notifications: number }>;
  /** Calls guarded right now. */
  readonly active: number;
  start(): void;
  /** Ends every open session (as at the end of their calls) and stops the job. */
  stop(): Promise<void>;
}

type Entry =
  | { kind: 'open'; guard: CallGuard; lastTurn: number }
  | { kind: 'unguarded'; why: string; at: number }
  | { kind: 'ended'; at: number };

const dayMs = 86_400_000;
/** How long an ended or unguarded call id is remembered (so late turns are refused, not guarded afresh). */
const rememberMs = 60 * 60_000;

export function createGuardService(deps: GuardServiceDeps): GuardService {
  const { store, ops, model, log, options } = deps;
  const now = deps.now ?? (() => new Date());
  const idleMs = options.idleMs ?? 2 * 60 * 60_000;
  const sweepMs = options.sweepMs ?? 60 * 60_000;
  const calls = new Map<string, Entry>();
  let timer: NodeJS.Timeout | undefined;

  const effects: GuardEffects = {
    async notify(call, alert) {
      const targets = {
        dashboardUrl: options.dashboardUrl,
        webhookUrls:
          alert.contacts && options.channels.webhook
            ? [options.webhookUrl, call.settings.alertWebhookUrl].filter((url): url is string => url !== null)
            : [],
        emails: alert.contacts && options.channels.email ? call.settings.alertEmails : [],
        bank:
          alert.bank && call.bankNotice && options.channels.bank
            ? { url: options.channels.bank, customerReference: call.bankNotice.customerReference }
            : null,
      };
      const { assessment } = alert;
      const items = alertNotifications(
        {
          callId: call.callId,
          level: alert.level,
          resident: call.resident,
          caller: { presented: call.presented, number: call.number },
          at: alert.at,
          risk: assessment.risk,
          stages: assessment.stages,
          reasons: assessment.reasons.map(({ stage, text }) => ({ stage, text })),
          done: alert.done.length > 0 ? alert.done : [actionExplanations[alert.level]],
        },
        targets,
      );
      if (items.length === 0) {
        log.warn({ callId: call.callId }, 'guard alert: no notification channel is configured for this resident');
        return;
      }
      await store.enqueueNotifications(items);
      deps.onQueued?.();
    },
    async block(call, reason) {
      const resident = await store.getResident(call.resident.id);
      if (!resident) return;
      if (await store.findBlock(call.number, resident.id)) return;
      await ops.addBlock({ number: call.number, reason, source: 'guard', resident });
    },
    async report(call, report) {
      const resident = await store.getResident(call.resident.id);
      await ops.addReport({
        number: call.number ?? call.presented,
        resident,
        type: report.type,
        text: report.text,
        callId: call.callId,
        // Filed for the resident whose line took the call: one resident, one voice in the number's reputation,
        // whether the guard or the resident (keypad 3) reports it.
        reporter: `resident:${call.resident.id}`,
        reporterKind: 'verified-resident',
      });
    },
    keepEvidence: (evidence) => store.saveGuardEvidence(evidence),
  };

  async function open(input: {
    callId: string;
    resident: Resident;
    presented: string;
    control?: CallControl;
  }): Promise<OpenResult> {
    const known = calls.get(input.callId);
    if (known?.kind === 'open') return { guarded: true, guard: known.guard };
    if (known?.kind === 'unguarded') return { guarded: false, why: known.why };
    if (known?.kind === 'ended') return { guarded: false, why: 'ended' };
    const { resident } = input;
    const settings = resident.settings.guard;
    const parsed = input.presented ? parseNumber(input.presented, deps.region) : null;
    const number = parsed?.ok ? parsed.number.e164 : null;
    let why: string | null = null;
    if (!settings.enabled) why = 'the call guard is off for this resident';
    else if (settings.onlyNonContacts && number !== null && (await store.findContact(resident.id, number))) {
      why = 'the caller is a trusted contact';
    }
    // Checked again: another request for the same call may have opened it while the contact was looked up.
    const raced = calls.get(input.callId);
    if (raced?.kind === 'open') return { guarded: true, guard: raced.guard };
    if (why !== null) {
      calls.set(input.callId, { kind: 'unguarded', why, at: Date.now() });
      return { guarded: false, why };
    }
    const call: GuardedCall = {
      callId: input.callId,
      resident: { id: resident.id, name: resident.name, number: resident.number, timeZone: resident.settings.timeZone },
      presented: input.presented,
      number,
      settings,
      bankNotice:
        resident.settings.bankAtRisk.optIn && options.channels.bank !== null
          ? { customerReference: resident.settings.bankAtRisk.customerReference }
          : null,
    };
    const guard = createCallGuard({
      call,
      detector: createCallDetector(model),
      control: input.control ?? reportOnlyControl,
      effects,
      log: log.child({ callId: input.callId, from: input.presented, to: resident.number, residentId: resident.id }),
      retentionDays: options.retentionDays,
      now,
      onTurn: () => {
        const entry = calls.get(input.callId);
        if (entry?.kind === 'open') entry.lastTurn = Date.now();
      },
    });
    calls.set(input.callId, { kind: 'open', guard, lastTurn: Date.now() });
    return { guarded: true, guard };
  }

  async function end(callId: string): Promise<GuardSummary | null> {
    const entry = calls.get(callId);
    if (entry?.kind !== 'open') return null;
    calls.set(callId, { kind: 'ended', at: Date.now() });
    return entry.guard.end();
  }

  async function purge(): Promise<{ evidence: number; notifications: number }> {
    const at = now();
    const evidence = await store.purgeGuardEvidence(at);
    const notifications = await store.purgeNotifications(new Date(at.getTime() - options.retentionDays * dayMs));
    if (evidence + notifications > 0) log.info({ evidence, notifications }, 'guard: expired evidence purged');
    return { evidence, notifications };
  }

  async function sweep(): Promise<void> {
    const clock = Date.now();
    for (const [callId, entry] of calls) {
      if (entry.kind === 'open' && clock - entry.lastTurn > idleMs) {
        log.warn({ callId }, 'guard: no turn for a long time; ending the session as if the call had ended');
        await end(callId);
      } else if (entry.kind !== 'open' && clock - entry.at > rememberMs) {
        calls.delete(callId);
      }
    }
    await purge().catch((error: unknown) => log.error({ err: error }, 'guard: expired evidence could not be purged'));
  }

  return {
    open,
    find(callId) {
      const entry = calls.get(callId);
      if (!entry) return undefined;
      if (entry.kind === 'open') return { guarded: true, guard: entry.guard };
      return entry.kind === 'ended' ? { guarded: false, why: 'ended' } : { guarded: false, why: entry.why };
    },
    end,
    purge,
    get active() {
      let count = 0;
      for (const entry of calls.values()) if (entry.kind === 'open') count++;
      return count;
    },
    start() {
      if (timer) return;
      timer = setInterval(() => void sweep(), sweepMs);
      timer.unref();
      void sweep();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      for (const [callId, entry] of calls) if (entry.kind === 'open') await end(callId);
    },
  };
}
