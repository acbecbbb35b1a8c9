/**
 * Hostile input over the wire: the RFC 4475 torture messages (when ../shared is present) and a flood of malformed
 * datagrams and TCP garbage hit the running service, which must answer or drop each one, never crash, and keep
 * completing a real call while it happens.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ensureSipp, freeUdpPort, runSipp, startSipp } from '../../../test/sipp/sipp.js';
import { type App, createApp } from '../../app/create-app.js';
import { loadConfig } from '../../config/config.js';

const torture = fileURLToPath(new URL('../../../../shared/data/sip/rfc4475/', import.meta.url));
const haveSipp = ensureSipp();

/** A seeded generator of malformed datagrams: truncations, byte flips and random noise around a real INVITE. */
function* malformed(count: number): Generator<Buffer> {
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state;
  };
  const invite = Buffer.from(
    'INVITE sip:441279555001@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKflood\r\n' +
      'From: <sip:1@x>;tag=1\r\nTo: <sip:441279555001@127.0.0.1>\r\nCall-ID: flood\r\nCSeq: 1 INVITE\r\n' +
      'Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
  );
  for (let i = 0; i < count; i += 1) {
    const kind = i % 3;
    if (kind === 0) yield invite.subarray(0, next() % invite.length);
    else if (kind === 1) {
      const copy = Buffer.from(invite);
      for (let flips = 0; flips < 8; flips += 1) copy[next() % copy.length] = next() % 256;
      yield copy;
    } else yield Buffer.from(Array.from({ length: 1 + (next() % 1400) }, () => next() % 256));
  }
}

describe('hostile SIP input', { skip: haveSipp ? false : 'sipp (sip-tester) is not installed' }, () => {
  let app: App;
  let host: string;
  let port: number;
  let phonePort: number;

  before(async () => {
    phonePort = await freeUdpPort();
    app = await createApp({
      config: loadConfig(
        { dataDir: mkdtempSync(join(tmpdir(), 'cw-robust-')), http: '127.0.0.1:0', sip: '127.0.0.1:0' },
        {},
      ),
      log: pino({ level: 'silent' }),
    });
    const resident = await app.ops.addResident({
      number: '01279 555001',
      name: 'Margaret',
      phone: `sip:phone@127.0.0.1:${phonePort}`,
    });
    await app.ops.addContact({ resident, number: '07911 123456', name: 'Sarah' });
    await app.index.catchUp();
    await app.start();
    host = '127.0.0.1';
    port = app.sip?.local.port ?? 0;
  });

  after(() => app?.stop());

  test('answers or drops every RFC 4475 torture message without crashing', {
    skip: existsSync(torture) ? false : '../shared/data/sip/rfc4475 is not here',
  }, async () => {
    const socket = createSocket('udp4');
    const replies: string[] = [];
    socket.on('message', (bytes) => replies.push(bytes.toString('latin1').split('\r\n')[0] ?? ''));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const files = readdirSync(torture).filter((name) => name.endsWith('.dat'));
    for (const file of files) socket.send(readFileSync(join(torture, file)), port, host);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    socket.close();
    assert.equal(files.length, 49);
    assert.ok(
      replies.every((line) => /^SIP\/2\.0 \d{3} /.test(line)),
      `every reply is a SIP response: ${replies.join(' | ')}`,
    );
    assert.ok(
      replies.some((line) => line.startsWith('SIP/2.0 400')),
      'invalid messages get 400',
    );
    assert.ok(
      replies.some((line) => line.startsWith('SIP/2.0 505')),
      'the wrong SIP version gets 505',
    );
    const options = await runSipp({
      scenario: 'uac-options-expect-200.xml',
      target: `${host}:${port}`,
      port: await freeUdpPort(),
      mediaPort: 16300,
    });
    assert.equal(options.code, 0, 'still answering');
  });

  test('completes a real call while a flood of malformed datagrams and TCP garbage arrives', async () => {
    const phone = startSipp({ scenario: 'uas-phone-answers.xml', port: phonePort, mediaPort: 16310 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const call = startSipp({
      scenario: 'uac-ring-through-caller-hangs-up.xml',
      target: `${host}:${port}`,
      port: await freeUdpPort(),
      mediaPort: 16320,
    });
    const flood = createSocket('udp4');
    await new Promise<void>((resolve) => flood.bind(0, '127.0.0.1', resolve));
    let sent = 0;
    for (const datagram of malformed(5000)) {
      flood.send(datagram, port, host);
      sent += 1;
      if (sent % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const garbage = connect({ host, port });
    garbage.on('error', () => undefined);
    garbage.write(Buffer.alloc(200_000, 0x41));
    const [caller, answered] = await Promise.all([call.result, phone.result]);
    flood.close();
    garbage.destroy();
    assert.equal(caller.code, 0, `the real call completed: ${caller.stdout.slice(-800)}`);
    assert.equal(answered.code, 0, 'the phone answered it');
    assert.equal(sent, 5000);
  });
});
