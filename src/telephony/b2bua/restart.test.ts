/**
 * SIP state survives a restart: the service is stopped and a new one started on the same data directory. A phone
 * that REGISTERed before is still rung where it registered (and recognised when it calls out), and a resident whose
 * call was blocked before the restart still gets the line-clear announcement on their next call to 101. Expired
 * bindings and flags left in the store are ignored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { aSipService, callOut, ringThrough, type SipService, shortPrompts } from '../../../test/sipp/service-kit.js';
import { ensureSipp, freeUdpPort, runSipp } from '../../../test/sipp/sipp.js';
import type { App } from '../../app/create-app.js';
import type { Prompts } from '../media/prompts.js';
import { digestHa1 } from './registrar.js';

const haveSipp = ensureSipp();

describe('SIP state across a restart', { skip: haveSipp ? false : 'sipp (sip-tester) is not installed' }, () => {
  let dataDir: string;
  let trunkPort: number;
  let ritaPort: number;
  let olivePort: number;
  let prompts: Prompts;
  let service: SipService | undefined;
  let app: App | undefined;
  const ids = { rita: 0, olive: 0 };

  /** The service on `dataDir` (a new one the first time), started. */
  async function startApp(): Promise<App> {
    service = await aSipService({
      prefix: 'cw-restart-',
      ...(dataDir ? { dataDir } : {}),
      config: { trunk: `127.0.0.1:${trunkPort}` },
      telephony: { prompts },
    });
    dataDir = service.dataDir;
    await service.app.start();
    return service.app;
  }

  const serviceOf = (running: App) => (service?.app === running ? service : assert.fail('not the running service'));
  const sipOf = (running: App) => serviceOf(running).sip;
  const outcome = (running: App, pattern: RegExp) => serviceOf(running).outcome(pattern);

  before(async () => {
    [trunkPort, ritaPort, olivePort] = [await freeUdpPort(), await freeUdpPort(), await freeUdpPort()];
    prompts = await shortPrompts(2400);
    app = await startApp();
    const rita = await app.ops.addResident({ number: '01279 555011', name: 'Rita' });
    await app.ops.addContact({ resident: rita, number: '07911 123456', name: 'Sarah' });
    await app.store.setSipCredential(rita.id, digestHa1('441279555011', 'rita-secret'));
    const olive = await app.ops.addResident({
      number: '01279 555012',
      name: 'Olive',
      phone: `sip:olive@127.0.0.1:${olivePort}`,
    });
    ids.rita = rita.id;
    ids.olive = olive.id;
    await app.ops.addBlock({ number: '07922 000222', reason: 'courier fraud caller', source: 'admin' });
    await app.index.catchUp();
  });

  after(async () => {
    await app?.stop();
  });

  test('before the restart: Rita’s phone registers, and a blocked call to her arms the clear line', async () => {
    const running = app ?? assert.fail('running');
    const registered = await runSipp({
      scenario: 'uac-register-with-digest.xml',
      target: sipOf(running),
      port: ritaPort,
      mediaPort: 0,
      keys: { user: '441279555011', expires: '600' },
      extraArgs: ['-au', '441279555011', '-ap', 'rita-secret'],
    });
    assert.equal(registered.code, 0, registered.stdout.slice(-1500));
    const blocked = await runSipp({
      scenario: 'uac-expect-603.xml',
      target: sipOf(running),
      port: await freeUdpPort(),
      mediaPort: 0,
      keys: { from: '447922000222', to: '441279555011' },
    });
    assert.equal(blocked.code, 0, blocked.stdout.slice(-1500));
    // Olive's state in the store has expired: a binding that ran out and a clear-line flag past its window.
    const past = new Date(Date.now() - 60_000);
    await running.store.replaceSipBindings(ids.olive, [
      {
        residentId: ids.olive,
        contact: `sip:olive@127.0.0.1:${await freeUdpPort()}`,
        source: { transport: 'udp', address: '127.0.0.1', port: olivePort },
        callId: 'old-registration',
        cseq: 1,
        registeredAt: new Date(past.getTime() - 3_600_000),
        expiresAt: past,
      },
    ]);
    await running.store.setClearLineFlag({
      residentId: ids.olive,
      callId: 'old-call',
      why: 'blocked',
      flaggedAt: new Date(past.getTime() - 1_800_000),
      expiresAt: past,
    });
    await running.stop();
    app = undefined;
  });

  test('after the restart: Rita’s phone is rung where it registered', async () => {
    app = await startApp();
    const { phone, caller } = await ringThrough(serviceOf(app), { port: ritaPort, to: '441279555011' });
    const phoneResult = await phone.result;
    assert.equal(caller.code, 0, `caller: ${caller.stdout.slice(-1500)}`);
    assert.equal(phoneResult.code, 0, `registered phone: ${phoneResult.stdout.slice(-1500)}`);
    assert.equal(await outcome(app, /hung up/), 'answered; caller hung up');
  });

  /** A resident's phone calls 101; the trunk answers; the outcome of the outgoing call. */
  async function call101(running: App, port: number, from: string): Promise<string> {
    const { trunk, phone } = await callOut(serviceOf(running), {
      trunkPort,
      port,
      from,
      to: '101',
      holdMs: 1000,
    });
    const [phoneResult, trunkResult] = await Promise.all([phone.result, trunk.result]);
    assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
    assert.equal(trunkResult.code, 0, `trunk: ${trunkResult.stdout.slice(-1500)}`);
    return outcome(running, /resident hung up/);
  }

  test('after the restart: Rita’s registered phone calling 101 is recognised and hears that the line is clear', async () => {
    const running = app ?? assert.fail('running');
    assert.equal(
      await call101(running, ritaPort, 'rita-phone'),
      'outgoing to 101: clear-line announced, fresh leg; answered; resident hung up',
    );
  });

  test('after the restart: expired bindings and clear-line flags are ignored', async () => {
    const running = app ?? assert.fail('running');
    assert.equal(
      await call101(running, olivePort, '441279555012'),
      'outgoing to 101: fresh leg; answered; resident hung up',
    );
    assert.deepEqual(
      (await running.store.listSipBindings()).map((binding) => binding.residentId),
      [ids.rita],
    );
  });
});
