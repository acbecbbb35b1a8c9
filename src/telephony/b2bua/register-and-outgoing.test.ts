/**
 * REGISTER and outgoing calls end to end: sipp phones register with digest credentials (and are rung where they
 * registered), residents' phones call out through CallWarden to a sipp trunk on a fresh dialog, and a call to 101
 * soon after a blocked call is preceded by the `line-clear` announcement (RTP recorded by the test).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  aSipService,
  ringThrough,
  type SipService,
  shortPrompts,
  callOut as startCallOut,
  waitFor,
} from '../../../test/sipp/service-kit.js';
import { ensureSipp, freeUdpPort, runSipp } from '../../../test/sipp/sipp.js';
import type { App } from '../../app/create-app.js';
import type { Prompts } from '../media/prompts.js';
import { RtpSession } from '../media/rtp-session.js';
import { digestHa1 } from './registrar.js';

const haveSipp = ensureSipp();

describe('REGISTER and outgoing calls through CallWarden', {
  skip: haveSipp ? false : 'sipp (sip-tester) is not installed',
}, () => {
  let service: SipService;
  let app: App;
  let sip: string;
  let prompts: Prompts;
  let trunkPort: number;
  /** Where Rita's phone registers from (it has no stored phone URI). */
  let ritaPort: number;
  /** Olive's and Bert's phones are known by the URI stored for them. */
  let olivePort: number;
  let bertPort: number;

  before(async () => {
    [trunkPort, ritaPort, olivePort, bertPort] = [
      await freeUdpPort(),
      await freeUdpPort(),
      await freeUdpPort(),
      await freeUdpPort(),
    ];
    prompts = await shortPrompts(2400);
    service = await aSipService({
      prefix: 'cw-register-',
      config: { trunk: `127.0.0.1:${trunkPort}` },
      telephony: { prompts },
    });
    app = service.app;
    const rita = await app.ops.addResident({ number: '01279 555011', name: 'Rita' });
    await app.ops.addContact({ resident: rita, number: '07911 123456', name: 'Sarah' });
    await app.store.setSipCredential(rita.id, digestHa1('441279555011', 'rita-secret'));
    await app.ops.addResident({ number: '01279 555012', name: 'Olive', phone: `sip:olive@127.0.0.1:${olivePort}` });
    await app.ops.addResident({ number: '01279 555013', name: 'Bert', phone: `sip:bert@127.0.0.1:${bertPort}` });
    await app.ops.addBlock({ number: '07922 000222', reason: 'courier fraud caller', source: 'admin' });
    await service.start();
    sip = service.sip;
  });

  after(async () => {
    await app?.stop();
  });

  const callRecord = () => service.latestCall();
  const outcomeOf = (pattern: RegExp) => service.outcome(pattern);

  const register = (scenario: string, port: number, user: string, password: string) =>
    runSipp({
      scenario,
      target: sip,
      port,
      mediaPort: 0,
      keys: { user, expires: '600' },
      // sipp's [authentication] keyword answers the 401 with these credentials.
      extraArgs: ['-au', user, '-ap', password],
    });

  test('REGISTER with the wrong password, or for an unknown user, is challenged and then refused with 403', async () => {
    for (const [user, password] of [
      ['441279555011', 'not-her-password'],
      ['441279555099', 'anything'],
      ['441279555012', 'olive-has-no-credentials'],
    ] as const) {
      const result = await register('uac-register-wrong-password-expect-403.xml', await freeUdpPort(), user, password);
      assert.equal(result.code, 0, `${user}: ${result.stdout.slice(-1500)}`);
    }
  });

  test('a phone registers with digest credentials and is rung where it registered', async () => {
    const registered = await register('uac-register-with-digest.xml', ritaPort, '441279555011', 'rita-secret');
    assert.equal(registered.code, 0, registered.stdout.slice(-1500));
    const { phone, caller } = await ringThrough(service, { port: ritaPort, to: '441279555011' });
    const phoneResult = await phone.result;
    assert.equal(caller.code, 0, `caller: ${caller.stdout.slice(-1500)}`);
    assert.equal(phoneResult.code, 0, `registered phone: ${phoneResult.stdout.slice(-1500)}`);
    await outcomeOf(/^answered; caller hung up$/);
  });

  /** The resident's phone calls `to`; the trunk answers; returns what the trunk saw and the outgoing call record. */
  async function callOut(options: { port: number; from: string; to: string; rtp?: RtpSession }) {
    return startCallOut(service, { trunkPort, ...options });
  }

  async function dialogOf(dialogFile: string) {
    await waitFor(
      'the trunk to be INVITEd',
      () => existsSync(dialogFile) && readFileSync(dialogFile, 'utf8').length > 0,
    );
    const [callId, ruri, from] = readFileSync(dialogFile, 'utf8').trim().split(' ');
    return { callId, ruri, from };
  }

  test('an outgoing call from the stored phone goes to the trunk on a new dialog, without an announcement', async () => {
    const { trunk, phone, dialogFile } = await callOut({ port: olivePort, from: '441279555012', to: '101' });
    const [phoneResult, trunkResult] = await Promise.all([phone.result, trunk.result]);
    assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
    assert.equal(trunkResult.code, 0, `trunk: ${trunkResult.stdout.slice(-1500)}`);
    const seen = await dialogOf(dialogFile);
    const outcome = await outcomeOf(/resident hung up/);
    assert.equal(outcome, 'outgoing to 101: fresh leg; answered; resident hung up');
    const record = await callRecord();
    assert.notEqual(seen.callId, record.callId, 'the trunk sees a new Call-ID');
    assert.equal(seen.ruri, `sip:101@127.0.0.1:${trunkPort}`);
    assert.equal(seen.from, `sip:+441279555012@127.0.0.1`, "presented as the resident's number");
    assert.equal(record.presented, '101');
    assert.equal(app.sip?.activeCalls, 0);
  });

  test('a registered phone calling 999 is recognised by its binding and goes out on a new dialog', async () => {
    const { trunk, phone, dialogFile } = await callOut({ port: ritaPort, from: 'rita-phone', to: '999' });
    const [phoneResult, trunkResult] = await Promise.all([phone.result, trunk.result]);
    assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
    assert.equal(trunkResult.code, 0, `trunk: ${trunkResult.stdout.slice(-1500)}`);
    assert.equal((await dialogOf(dialogFile)).from, 'sip:+441279555011@127.0.0.1');
    assert.equal(await outcomeOf(/resident hung up/), 'outgoing to 999: fresh leg; answered; resident hung up');
  });

  test('calling 101 after a blocked call: the resident hears that the line is clear before the trunk is dialled', async () => {
    const blocked = await runSipp({
      scenario: 'uac-expect-603.xml',
      target: sip,
      port: await freeUdpPort(),
      mediaPort: 0,
      keys: { from: '447922000222', to: '441279555013' },
    });
    assert.equal(blocked.code, 0, blocked.stdout.slice(-800));
    const rtp = await RtpSession.open({ bindAddress: '127.0.0.1', portRange: { min: 31000, max: 31998 } });
    const heard: Int16Array[] = [];
    rtp.on('audio', (samples) => heard.push(samples));
    const samples = () => heard.reduce((sum, chunk) => sum + chunk.length, 0);
    try {
      const { trunk, phone, dialogFile, portfile } = await callOut({
        port: bertPort,
        from: '441279555013',
        to: '101',
        rtp,
      });
      rtp.configure({
        codec: 'PCMU',
        payloadType: 0,
        telephoneEventPayloadType: 101,
        remote: { address: '127.0.0.1', port: await service.readPort(portfile) },
      });
      await waitFor('the trunk to be INVITEd', () => existsSync(dialogFile));
      const heardBeforeTrunk = samples();
      assert.ok(
        heardBeforeTrunk >= prompts['line-clear'].length - 480,
        `the announcement played before the trunk leg (${heardBeforeTrunk} samples)`,
      );
      const [phoneResult, trunkResult] = await Promise.all([phone.result, trunk.result]);
      assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
      assert.equal(trunkResult.code, 0, `trunk: ${trunkResult.stdout.slice(-1500)}`);
      const seen = await dialogOf(dialogFile);
      const outcome = await outcomeOf(/resident hung up/);
      assert.equal(outcome, 'outgoing to 101: clear-line announced, fresh leg; answered; resident hung up');
      assert.notEqual(seen.callId, (await callRecord()).callId);
      const all = new Int16Array(samples());
      let at = 0;
      for (const chunk of heard) {
        all.set(chunk, at);
        at += chunk.length;
      }
      const prompt = prompts['line-clear'];
      let dot = 0;
      let a = 0;
      let b = 0;
      let best = 0;
      for (let lag = 0; lag + prompt.length <= Math.min(all.length, prompt.length + 1600); lag += 1) {
        dot = 0;
        a = 0;
        b = 0;
        for (let i = 0; i < prompt.length; i += 1) {
          dot += (all[lag + i] ?? 0) * (prompt[i] ?? 0);
          a += (all[lag + i] ?? 0) ** 2;
          b += (prompt[i] ?? 0) ** 2;
        }
        if (a > 0) best = Math.max(best, dot / Math.sqrt(a * b));
      }
      assert.ok(best > 0.95, `the resident heard line-clear (correlation ${best.toFixed(3)})`);
      await waitFor('the call to clear', () => app.sip?.activeCalls === 0 && app.sip.activeMediaSessions === 0);
    } finally {
      await rtp.close();
    }
  });
});
