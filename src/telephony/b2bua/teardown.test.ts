/**
 * A guaranteed clear line leaves nothing behind, whatever the far end does: a phone that never answers CallWarden's
 * BYE gets it a bounded number of times within the teardown window (1.5 s), and within 2 s of the call ending the
 * service holds no call, media session, transaction or timer of it. sipp plays the deaf phone; once its scenario is
 * over, the test listens on the phone's port itself and counts the BYEs that still arrive.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { aSipService, waitFor as pollFor, sleep } from '../../../test/sipp/service-kit.js';
import { ensureSipp, freeUdpPort, startSipp } from '../../../test/sipp/sipp.js';
import type { App } from '../../app/create-app.js';

const haveSipp = ensureSipp();
/** Timers keeping the event loop alive (what a lingering transaction would hold). */
const liveTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
/** Polls every 10 ms: the window measured here is tight. */
const waitFor = (what: string, check: () => boolean, timeoutMs: number) => pollFor(what, check, timeoutMs, 10);

describe('teardown of a call whose far end never answers BYE', {
  skip: haveSipp ? false : 'sipp (sip-tester) is not installed',
}, () => {
  let app: App;
  let sip: string;
  let deafPort: number;

  before(async () => {
    deafPort = await freeUdpPort();
    const callWarden = await aSipService({ prefix: 'cw-teardown-' });
    app = callWarden.app;
    const ivy = await app.ops.addResident({
      number: '01279 555008',
      name: 'Ivy',
      phone: `sip:phone@127.0.0.1:${deafPort}`,
    });
    await app.ops.addContact({ resident: ivy, number: '07911 123456', name: 'Sarah' });
    await callWarden.start();
    sip = callWarden.sip;
  });

  after(async () => {
    await app?.stop();
  });

  test('the BYE is sent a bounded number of times, and 2 s after the call ended no transaction, timer or session of it is left', async () => {
    await sleep(200);
    const timersBefore = liveTimers();
    const phone = startSipp({
      scenario: 'uas-phone-with-rtp-ignores-bye.xml',
      port: deafPort,
      mediaPort: 0,
      keys: { rtpport: String(await freeUdpPort()), portfile: '/dev/null' },
    });
    await sleep(300);
    const caller = startSipp({
      scenario: 'uac-ring-through-caller-hangs-up.xml',
      target: sip,
      port: await freeUdpPort(),
      mediaPort: 0,
      holdMs: 300,
      keys: { to: '441279555008' },
    });
    const service = app.sip ?? assert.fail('SIP is running');
    // The call is connected, then the caller hangs up: both legs are torn down at once.
    await waitFor('the call to be answered', () => service.activeMediaSessions === 2, 8000);
    await waitFor('the hang-up', () => service.activeCalls === 0 && service.activeMediaSessions === 0, 8000);
    const endedAt = Date.now();
    assert.ok(service.pendingTransactions >= 1, 'the BYE to the deaf phone is still being tried');

    const [callerResult, phoneResult] = await Promise.all([caller.result, phone.result]);
    assert.equal(callerResult.code, 0, `caller: ${callerResult.stdout.slice(-1500)}`);
    assert.equal(phoneResult.code, 0, `phone (got BYE, never answered): ${phoneResult.stdout.slice(-1500)}`);

    // sipp is gone: the test is the deaf phone now, and notes when BYEs still arrive.
    const byes: number[] = [];
    const socket = createSocket('udp4');
    socket.on('message', (bytes) => {
      if (bytes.toString('latin1').startsWith('BYE ')) byes.push(Date.now() - endedAt);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(deafPort, '127.0.0.1', () => resolve());
    });
    try {
      // Shared timers (the call log's 20 ms write-behind) may come and go; the call's own must all be gone by 2 s.
      await waitFor(
        `the BYE to be given up and the timers back to ${timersBefore}`,
        () => service.pendingTransactions === 0 && liveTimers() <= timersBefore,
        2000 - (Date.now() - endedAt),
      );
      const clearAfter = Date.now() - endedAt;
      assert.ok(clearAfter <= 2000, `no transaction or timer left ${clearAfter} ms after the call ended`);
      assert.equal(service.activeCalls, 0);
      assert.equal(service.activeMediaSessions, 0);
      // Listen on past the window: nothing more may come.
      await sleep(Math.max(0, 3500 - (Date.now() - endedAt)));
      assert.ok(byes.length <= 2, `the BYE was re-sent a bounded number of times (${byes.join(', ')} ms)`);
      assert.ok(
        byes.every((at) => at <= 2000),
        `no BYE more than 2 s after the call ended (${byes.join(', ')} ms)`,
      );
      assert.equal(service.pendingTransactions, 0);
    } finally {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    }
    await app.callLog.flush();
    assert.equal((await app.store.listCalls({ limit: 1 }))[0]?.outcome, 'answered; caller hung up');
  });
});
