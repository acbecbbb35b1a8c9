/**
 * Screening as the telephony edge uses it: the decision within a time budget, and **fail open** — if deciding throws
 * or takes longer than the budget, the call rings through and the fault is logged and counted. No legitimate call is
 * ever lost because CallWarden had a problem. A call to a number CallWarden does not protect is not a fault: it is
 * reported as `not-protected` for the edge to refuse.
 */

import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Decision } from '../screening/policy.js';
import type { CallLog } from './call-log.js';
import { OperationError } from './operation-error.js';
import { callRecordOf, type Operations, type ScreenInput } from './operations.js';

export type ScreeningOutcome =
  | { kind: 'decided'; decision: Decision; residentId: number | null; callId: string; failedOpen: boolean }
  | { kind: 'not-protected'; message: string };

export interface ScreeningService {
  screen(input: ScreenInput & { callId: string }): Promise<ScreeningOutcome>;
}

export function createScreeningService(deps: {
  ops: Operations;
  log: Logger;
  metrics: Metrics;
  budgetMs: number;
  /** Where decisions are recorded; without one each decision is written to the store before it is returned. */
  callLog?: CallLog;
}): ScreeningService {
  const { ops, log, metrics, budgetMs, callLog } = deps;

  /** Decides, and records the decision in the call log (queued when there is a write-behind log). */
  async function decideAndRecord(input: ScreenInput & { callId: string }) {
    if (!callLog) return ops.screen(input);
    const result = await ops.decide(input);
    callLog.record(callRecordOf(result, input.callId));
    return { ...result, callId: input.callId, recordError: null };
  }

  return {
    async screen(input) {
      const callLogger = log.child({ callId: input.callId, from: input.from, to: input.to });
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const budget = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new BudgetExceeded(budgetMs)), budgetMs);
        });
        const result = await Promise.race([decideAndRecord(input), budget]);
        if (result.recordError) {
          metrics.screeningFaults.inc({ kind: 'record' });
          callLogger.error({ err: result.recordError }, 'call decided but not recorded in the call log');
        }
        metrics.decisions.inc({ action: result.decision.action });
        metrics.decisionSeconds.observe((performance.now() - started) / 1000);
        callLogger.info({ decision: result.decision.action, risk: result.decision.risk }, 'call screened');
        return {
          kind: 'decided',
          decision: result.decision,
          residentId: result.resident.id,
          callId: result.callId,
          failedOpen: false,
        };
      } catch (error) {
        if (error instanceof OperationError && error.kind === 'not-found') {
          return { kind: 'not-protected', message: error.message };
        }
        const kind = error instanceof BudgetExceeded ? 'timeout' : 'error';
        metrics.screeningFaults.inc({ kind });
        metrics.decisions.inc({ action: 'ring' });
        callLogger.error({ err: error, decision: 'ring' }, 'screening failed: ringing through (fail open)');
        const decision: Decision = {
          action: 'ring',
          risk: 0,
          reasons: [
            {
              code: 'screening-fault',
              text:
                kind === 'timeout'
                  ? 'CallWarden could not check this call in time, so it rang through rather than risk losing a genuine call.'
                  : 'CallWarden had a problem checking this call, so it rang through rather than risk losing a genuine call.',
            },
          ],
        };
        // The call log keeps fail-open calls too, so every call has a record.
        callLog?.record({
          callId: input.callId,
          residentId: null,
          presented: input.from,
          number: null,
          at: input.at ?? new Date(),
          action: 'ring',
          risk: 0,
          reasons: decision.reasons,
          outcome: 'rang through: screening failed open',
        });
        return { kind: 'decided', decision, residentId: null, callId: input.callId, failedOpen: true };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

class BudgetExceeded extends Error {
  constructor(budgetMs: number) {
    super(`screening took longer than its ${budgetMs} ms budget`);
    this.name = 'BudgetExceeded';
  }
}
