/**
 * SIP state survives a restart: the service is stopped and a new one started on the same data directory. A phone
 * that REGISTERed before is still rung where it registered (and recognised when it calls out), and a resident whose
 * call was blocked before the restart still gets the line-clear announcement on their next call to 101. Expired
 * bindings and flags left in the store are ignored.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { ensureSipp, freeUdpPort, runSipp, startSipp } from '../../../test/sipp/sipp.js';
import { type App, createApp } from '../../app/create-app.js';
import { loadConfig } from '../../config/config.js';
import { loadPrompts, type PromptName, type Prompts, promptNames } from '../media/prompts.js';
import { digestHa1 } from './registrar.js';

const haveSipp = ensureSipp();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIP state across a restart', { skip: haveSipp ? false : 'sipp (sip-tester) is not installed' }, () => {
  let dataDir: string;
  let trunkPort: number;
  let ritaPort: number;
  let olivePort: number;
  let prompts: Prompts;
  let app: App | undefined;
  const ids = { rita: 0, olive: 0 };

  async function startApp(): Promise<App> {
    const started = await createApp({
      config: loadConfig({ dataDir, http: '127.0.0.1:0', sip: '127.0.0.1:0', trunk: `127.0.0.1:${trunkPort}` }, {}),
      log: pino({ level: 'silent' }),
      telephony: { prompts },
    });
    await started.start();
    return started;
  }

  const sipOf = (running: App) => `127.0.0.1:${running.sip?.local.port}`;

  async function outcome(running: App, pattern: RegExp): Promise<string> {
    let text = '';
    for (let i = 0; i < 100 && !pattern.test(text); i += 1) {
      await running.callLog.flush();
      text = (await running.store.listCalls({ limit: 1 }))[0]?.outcome ?? '';
      await sleep(50);
    }
    assert.match(text, pattern);
    return text;
  }

  before(async () => {
    [trunkPort, ritaPort, olivePort] = [await freeUdpPort(), await freeUdpPort(), await freeUdpPort()];
    dataDir = mkdtempSync(join(tmpdir(), 'cw-restart-'));
    const real = await loadPrompts();
    prompts = Object.fromEntries(
      promptNames.map((name): [PromptName, Int16Array] => [name, real[name].slice(0, 2400)]),
    ) as Prompts;
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
    const phone = startSipp({ scenario: 'uas-phone-answers.xml', port: ritaPort, mediaPort: 0 });
    await sleep(300);
    const caller = await runSipp({
      scenario: 'uac-ring-through-caller-hangs-up.xml',
      target: sipOf(app),
      port: await freeUdpPort(),
      mediaPort: 0,
      keys: { to: '441279555011' },
    });
    const phoneResult = await phone.result;
    assert.equal(caller.code, 0, `caller: ${caller.stdout.slice(-1500)}`);
    assert.equal(phoneResult.code, 0, `registered phone: ${phoneResult.stdout.slice(-1500)}`);
    assert.equal(await outcome(app, /hung up/), 'answered; caller hung up');
  });

  /** A resident's phone calls 101; the trunk answers; the outcome of the outgoing call. */
  async function call101(running: App, port: number, from: string): Promise<string> {
    const trunk = startSipp({
      scenario: 'uas-trunk-answers-writes-dialog.xml',
      port: trunkPort,
      mediaPort: 0,
      keys: { dialogfile: join(dataDir, `dialog-${port}.txt`) },
    });
    await sleep(300);
    const phone = await runSipp({
      scenario: 'uac-ring-through-caller-hangs-up.xml',
      target: sipOf(running),
      port,
      mediaPort: 0,
      holdMs: 1000,
      keys: { from, to: '101' },
    });
    const trunkResult = await trunk.result;
    assert.equal(phone.code, 0, `phone: ${phone.stdout.slice(-1500)}`);
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
