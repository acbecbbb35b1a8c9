import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import { openStore } from '../store/open-store.js';
import type { CallRecord, Store } from '../store/store.js';
import { createCallLog } from './call-log.js';

function aCall(callId: string): CallRecord {
  return {
    callId,
    residentId: null,
    presented: '07922000111',
    number: null,
    at: new Date('2026-11-25T12:00:00Z'),
    action: 'screen',
    risk: 0.3,
    reasons: [{ code: 'unknown-caller', text: 'This number is not a trusted contact.' }],
    outcome: null,
  };
}

test('writes call records and their later outcomes in order, in batches', async () => {
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'cw-calllog-')) });
  try {
    const callLog = createCallLog({ store, log: pino({ level: 'silent' }), flushMs: 5 });
    for (let i = 0; i < 300; i += 1) {
      callLog.record(aCall(`call-${i}`));
      callLog.outcome(`call-${i}`, 'answered');
      callLog.outcome(`call-${i}`, 'answered; caller hung up');
    }
    await callLog.close();
    const calls = await store.listCalls({ limit: 1000 });
    assert.equal(calls.length, 300);
    assert.ok(calls.every((call) => call.outcome === 'answered; caller hung up'));
  } finally {
    await store.close();
  }
});

test('keeps entries through a failing write and writes them once the database recovers', async () => {
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'cw-calllog-')) });
  try {
    let failures = 2;
    // The real store, with its first two call-log writes failing as a locked database would.
    const flaky: Store = Object.create(store, {
      writeCallLog: {
        value: (batch: Parameters<Store['writeCallLog']>[0]) => {
          if (failures > 0) {
            failures -= 1;
            return Promise.reject(new Error('database is locked'));
          }
          return store.writeCallLog(batch);
        },
      },
    });
    const callLog = createCallLog({ store: flaky, log: pino({ level: 'silent' }), flushMs: 5 });
    callLog.record(aCall('kept'));
    await callLog.flush();
    assert.equal(callLog.queued, 1, 'still queued after a failure');
    await callLog.flush();
    await callLog.flush();
    assert.equal(callLog.queued, 0);
    assert.equal((await store.getCall('kept'))?.action, 'screen');
    await callLog.close();
  } finally {
    await store.close();
  }
});
