/**
 * SIP end to end: the real CallWarden service (SIP over UDP/TCP, screening, a real SQLite store) between sipp as the
 * network caller and sipp as the resident's phone. Skips with a message when sipp cannot be installed.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { ensureSipp, freeUdpPort, runSipp, startSipp } from '../../../test/sipp/sipp.js';
import { type App, createApp } from '../../app/create-app.js';
import { loadConfig } from '../../config/config.js';

const haveSipp = ensureSipp();

describe('SIP calls through CallWarden', { skip: haveSipp ? false : 'sipp (sip-tester) is not installed' }, () => {
  let app: App;
  let sip: string;
  let phonePort: number;
  let nextPort = 0;
  const port = async () => {
    nextPort = await freeUdpPort();
    return nextPort;
  };

  before(async () => {
    phonePort = await freeUdpPort();
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-sip-'));
    app = await createApp({
      config: loadConfig({ dataDir, http: '127.0.0.1:0', sip: '127.0.0.1:0' }, {}),
      log: pino({ level: 'silent' }),
    });
    const margaret = await app.ops.addResident({
      number: '01279 555001',
      name: 'Margaret',
      phone: `sip:phone@127.0.0.1:${phonePort}`,
    });
    await app.ops.addContact({ resident: margaret, number: '07911 123456', name: 'Sarah' });
    await app.ops.addBlock({ number: '07922 000222', reason: 'courier fraud caller', source: 'admin' });
    await app.ops.addResident({ number: '01279 555009', name: 'No phone yet' });
    await app.index.catchUp();
    const listening = await app.start();
    sip = `127.0.0.1:${app.sip?.local.port}`;
    assert.match(listening.sip, /^sip:127\.0\.0\.1:\d+/);
  });

  after(async () => {
    await app?.stop();
  });

  async function lastCall() {
    await app.callLog.flush();
    const [call] = await app.store.listCalls({ limit: 1 });
    assert.ok(call, 'a call record exists');
    return call;
  }

  async function settle(): Promise<void> {
    for (let i = 0; i < 50 && (app.sip?.activeCalls ?? 0) > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
  }

  test('answers a keep-alive OPTIONS with 200', async () => {
    const result = await runSipp({
      scenario: 'uac-options-expect-200.xml',
      target: sip,
      port: await port(),
      mediaPort: 16100,
    });
    assert.equal(result.code, 0, result.stdout.slice(-800));
  });

  test('refuses a call to a number it does not protect with 404', async () => {
    const result = await runSipp({
      scenario: 'uac-expect-404.xml',
      target: sip,
      port: await port(),
      mediaPort: 16110,
      keys: { to: '441279999999' },
    });
    assert.equal(result.code, 0, result.stdout.slice(-800));
  });

  for (const [label, from] of [
    ['a block-listed number', '447922000222'],
    ['a caller ID claiming to be 999', '999'],
    ["the resident's own number", '441279555001'],
  ] as const) {
    test(`declines ${label} with 603 and the phone never sees an INVITE`, async () => {
      const phone = createSocket('udp4');
      let phoneSaw = 0;
      phone.on('message', () => {
        phoneSaw += 1;
      });
      await new Promise<void>((resolve) => phone.bind(phonePort, '127.0.0.1', resolve));
      try {
        const result = await runSipp({
          scenario: 'uac-expect-603.xml',
          target: sip,
          port: await port(),
          mediaPort: 16120,
          keys: { from },
        });
        assert.equal(result.code, 0, result.stdout.slice(-800));
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(phoneSaw, 0);
      } finally {
        await new Promise<void>((resolve) => phone.close(() => resolve()));
      }
      const call = await lastCall();
      assert.equal(call.action, 'block');
      assert.match(call.outcome ?? '', /603/);
    });
  }

  for (const transport of ['udp', 'tcp'] as const) {
    test(`rings a trusted contact through over ${transport}; the caller hangs up and both legs clear`, async () => {
      const phone = startSipp({ scenario: 'uas-phone-answers.xml', port: phonePort, mediaPort: 16130, transport });
      await new Promise((r) => setTimeout(r, 300));
      const caller = await runSipp({
        scenario: 'uac-ring-through-caller-hangs-up.xml',
        target: sip,
        port: await port(),
        mediaPort: 16140,
        transport,
      });
      const phoneResult = await phone.result;
      assert.equal(caller.code, 0, `caller: ${caller.stdout.slice(-1500)}`);
      assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
      await settle();
      assert.equal(app.sip?.activeCalls, 0);
      const call = await lastCall();
      assert.equal(call.action, 'ring');
      assert.equal(call.outcome, 'answered; caller hung up');
    });
  }

  test('when the resident hangs up, the caller gets a BYE and both legs clear', async () => {
    const phone = startSipp({ scenario: 'uas-phone-answers-then-hangs-up.xml', port: phonePort, mediaPort: 16150 });
    await new Promise((r) => setTimeout(r, 300));
    const caller = await runSipp({
      scenario: 'uac-ring-through-callee-hangs-up.xml',
      target: sip,
      port: await port(),
      mediaPort: 16160,
    });
    const phoneResult = await phone.result;
    assert.equal(caller.code, 0, `caller: ${caller.stdout.slice(-1500)}`);
    assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
    await settle();
    assert.equal(app.sip?.activeCalls, 0);
    assert.equal((await lastCall()).outcome, 'answered; resident hung up');
  });

  test('a caller who gives up while the phone rings cancels the ringing (487) and nothing is left', async () => {
    const phone = startSipp({ scenario: 'uas-phone-rings-until-cancelled.xml', port: phonePort, mediaPort: 16170 });
    await new Promise((r) => setTimeout(r, 300));
    const caller = await runSipp({
      scenario: 'uac-cancel-before-answer.xml',
      target: sip,
      port: await port(),
      mediaPort: 16180,
    });
    const phoneResult = await phone.result;
    assert.equal(caller.code, 0, `caller: ${caller.stdout.slice(-1500)}`);
    assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
    assert.match((await lastCall()).outcome ?? '', /cancelled by the caller/);
  });

  test('answers malformed datagrams with 400 or drops them, and keeps answering real requests', async () => {
    const socket = createSocket('udp4');
    const replies: string[] = [];
    socket.on('message', (bytes) => replies.push(bytes.toString('latin1')));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const [host, sipPort] = sip.split(':');
    const garbage = [
      Buffer.from('\x00\x01\x02 not sip at all'),
      Buffer.from('INVITE sip:441279555001@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx\r\n\r\n'),
      Buffer.from(
        'INVITE sip:a@b SIP/7.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKy\r\nCall-ID: v7\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n',
      ),
      Buffer.alloc(70_000, 65),
    ];
    for (let i = 0; i < 200; i += 1) socket.send(garbage[i % garbage.length]!, Number(sipPort), host);
    await new Promise((r) => setTimeout(r, 300));
    socket.close();
    assert.ok(
      replies.some((reply) => reply.startsWith('SIP/2.0 505')),
      'a SIP/7.0 request gets 505',
    );
    const options = await runSipp({
      scenario: 'uac-options-expect-200.xml',
      target: sip,
      port: await port(),
      mediaPort: 16190,
    });
    assert.equal(options.code, 0, 'still answering after the flood');
  });
});
