import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { createMetrics } from '../observability/metrics.js';
import type { Resident } from '../residents/resident.js';
import type { ScreeningFacts } from '../screening/policy.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createCallLog } from './call-log.js';
import type { FactsLookup } from './facts-lookup.js';
import { createOperations } from './operations.js';
import { createScreeningService } from './screening-service.js';

describe('screening fails open', () => {
  let store: Store;
  let resident: Resident;

  before(async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'cw-failopen-')) });
    resident = await createOperations({ store, region: 'GB' }).addResident({
      number: '01279 555001',
      name: 'Margaret',
    });
  });
  after(() => store.close());

  function serviceWith(factsFor: FactsLookup['factsFor'], budgetMs = 250) {
    const metrics = createMetrics();
    const lookup: FactsLookup = { residentByNumber: () => resident, factsFor };
    const ops = createOperations({ store, region: 'GB', lookup });
    return { metrics, service: createScreeningService({ ops, log: pino({ level: 'silent' }), metrics, budgetMs }) };
  }

  const call = { from: '07922 000111', to: '01279 555001', callId: 'c1' };

  test('rings a call through, explains why and counts the fault when deciding throws', async () => {
    const { service, metrics } = serviceWith(() => {
      throw new Error('index corrupted');
    });
    const outcome = await service.screen(call);
    assert.equal(outcome.kind, 'decided');
    if (outcome.kind !== 'decided') return;
    assert.equal(outcome.decision.action, 'ring');
    assert.equal(outcome.failedOpen, true);
    assert.equal(outcome.decision.reasons[0]?.code, 'screening-fault');
    const faults = await metrics.screeningFaults.get();
    assert.equal(faults.values.find((v) => v.labels.kind === 'error')?.value, 1);
  });

  test('rings a call through once the decision takes longer than its budget', async () => {
    const slow = (): Promise<ScreeningFacts> =>
      new Promise((resolve) =>
        setTimeout(() => resolve({ resident, contact: null, block: null, dno: null, reputation: null }), 1000),
      );
    const { service, metrics } = serviceWith(slow, 50);
    const started = performance.now();
    const outcome = await service.screen({ ...call, callId: 'c2' });
    const took = performance.now() - started;
    assert.ok(took < 500, `answered in ${Math.round(took)} ms, not after the slow lookup`);
    assert.equal(outcome.kind === 'decided' && outcome.decision.action, 'ring');
    assert.match(outcome.kind === 'decided' ? (outcome.decision.reasons[0]?.text ?? '') : '', /in time/);
    const faults = await metrics.screeningFaults.get();
    assert.equal(faults.values.find((v) => v.labels.kind === 'timeout')?.value, 1);
  });

  test('keeps a call-log record of a call that rang through because screening failed', async () => {
    const metrics = createMetrics();
    const quiet = pino({ level: 'silent' });
    const callLog = createCallLog({ store, log: quiet, flushMs: 5 });
    const lookup: FactsLookup = {
      residentByNumber: () => resident,
      factsFor: () => {
        throw new Error('index corrupted');
      },
    };
    const ops = createOperations({ store, region: 'GB', lookup });
    const service = createScreeningService({ ops, log: quiet, metrics, budgetMs: 250, callLog });
    await service.screen({ ...call, callId: 'failed-open' });
    await callLog.close();
    const record = await store.getCall('failed-open');
    assert.equal(record?.action, 'ring');
    assert.equal(record?.reasons[0]?.code, 'screening-fault');
    assert.match(record?.outcome ?? '', /failed open/);
  });

  test('still decides normally when nothing goes wrong', async () => {
    const { service } = serviceWith((r, key) => ({
      resident: r,
      contact: null,
      block: key ? { reason: 'scam', source: 'admin' } : null,
      dno: null,
      reputation: null,
    }));
    const outcome = await service.screen({ ...call, callId: 'c3' });
    assert.equal(outcome.kind === 'decided' && outcome.decision.action, 'block');
    assert.equal(outcome.kind === 'decided' && outcome.failedOpen, false);
  });
});
