/**
 * Screening as the telephony edge uses it: the decision within a time budget, and **fail open** — if deciding throws
 * or takes longer than the budget, the call rings through and the fault is logged and counted. No legitimate call is
 * ever lost because CallWarden had a problem. A call to a number CallWarden does not protect is not a fault: it is
 * reported as `not-protected` for the edge to refuse.
 */

import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Decision } from '../screening/policy.js';
import { OperationError } from './operation-error.js';
import type { Operations, ScreenInput } from './operations.js';

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
}): ScreeningService {
  const { ops, log, metrics, budgetMs } = deps;
  return {
    async screen(input) {
      const callLog = log.child({ callId: input.callId, from: input.from, to: input.to });
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const budget = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new BudgetExceeded(budgetMs)), budgetMs);
        });
        const result = await Promise.race([ops.screen(input), budget]);
        if (result.recordError) {
          metrics.screeningFaults.inc({ kind: 'record' });
          callLog.error({ err: result.recordError }, 'call decided but not recorded in the call log');
        }
        metrics.decisions.inc({ action: result.decision.action });
        metrics.decisionSeconds.observe((performance.now() - started) / 1000);
        callLog.info({ decision: result.decision.action, risk: result.decision.risk }, 'call screened');
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
        callLog.error({ err: error, decision: 'ring' }, 'screening failed: ringing through (fail open)');
        return {
          kind: 'decided',
          decision: {
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
          },
          residentId: null,
          callId: input.callId,
          failedOpen: true,
        };
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
