/**
 * Fail open, end to end: the real service with a screening decision that is slower than its budget (the facts lookup
 * is made slow, so the real ScreeningService times out on the real path). The phone must still ring and answer, and
 * the call log and the fault counter must say that screening failed open.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { ensureSipp, freeUdpPort, runSipp, startSipp } from '../../../test/sipp/sipp.js';
import { type App, createApp } from '../../app/create-app.js';
import { indexLookup } from '../../app/facts-lookup.js';
import { loadConfig } from '../../config/config.js';

const haveSipp = ensureSipp();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('screening fails open end to end', { skip: haveSipp ? false : 'sipp (sip-tester) is not installed' }, () => {
  let app: App;
  let sip: string;
  let phonePort: number;
  let mode: 'slow' | 'throws' = 'slow';

  before(async () => {
    phonePort = await freeUdpPort();
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-failopen-'));
    app = await createApp({
      config: loadConfig({ dataDir, http: '127.0.0.1:0', sip: '127.0.0.1:0', screeningBudgetMs: 50 }, {}),
      log: pino({ level: 'silent' }),
      facts: (index) => {
        const real = indexLookup(index);
        return {
          residentByNumber: (number) => real.residentByNumber(number),
          async factsFor(resident, callerKey) {
            if (mode === 'throws') throw new Error('the facts index is broken');
            await sleep(400); // far past the 50 ms budget
            return real.factsFor(resident, callerKey);
          },
        };
      },
    });
    // A block-listed caller: had screening worked, the call would have been declined.
    await app.ops.addResident({ number: '01279 555001', name: 'Margaret', phone: `sip:phone@127.0.0.1:${phonePort}` });
    await app.ops.addBlock({ number: '07922 000222', reason: 'courier fraud caller', source: 'admin' });
    await app.index.catchUp();
    await app.start();
    sip = `127.0.0.1:${app.sip?.local.port}`;
  });

  after(async () => {
    await app?.stop();
  });

  async function callRecord() {
    await sleep(500); // the slow decision finishes after the call was put through; its record must not win
    await app.callLog.flush();
    const [call] = await app.store.listCalls({ limit: 1 });
    assert.ok(call, 'a call record exists');
    return call;
  }

  for (const [label, how] of [
    ['is slower than its budget', 'slow'],
    ['throws', 'throws'],
  ] as const) {
    test(`a decision that ${label} rings the phone through; the call log says it failed open`, async () => {
      mode = how;
      const faultsBefore = (await app.metrics.screeningFaults.get()).values.reduce((sum, v) => sum + v.value, 0);
      const phone = startSipp({ scenario: 'uas-phone-answers.xml', port: phonePort, mediaPort: 16530 });
      await sleep(300);
      const caller = await runSipp({
        scenario: 'uac-ring-through-caller-hangs-up.xml',
        target: sip,
        port: await freeUdpPort(),
        mediaPort: 16540,
        keys: { from: '447922000222' },
      });
      const phoneResult = await phone.result;
      assert.equal(caller.code, 0, `caller: ${caller.stdout.slice(-1500)}`);
      assert.equal(phoneResult.code, 0, `phone (it must ring and answer): ${phoneResult.stdout.slice(-1500)}`);
      const call = await callRecord();
      assert.equal(call.action, 'ring');
      assert.equal(call.reasons[0]?.code, 'screening-fault');
      assert.equal(call.outcome, 'rang through: screening failed open; answered; caller hung up');
      const faults = await app.metrics.screeningFaults.get();
      const kind = how === 'slow' ? 'timeout' : 'error';
      assert.ok(faults.values.some((v) => v.labels.kind === kind && v.value >= 1));
      assert.equal(
        faults.values.reduce((sum, v) => sum + v.value, 0),
        faultsBefore + 1,
      );
      for (let i = 0; i < 50 && (app.sip?.activeCalls ?? 0) > 0; i += 1) await sleep(100);
      assert.equal(app.sip?.activeCalls, 0);
    });
  }
});
