/**
 * Outgoing calls to a trunk that wants digest credentials, end to end: sipp as the resident's phone and sipp as the
 * trunk. The trunk's 401/407 is ACKed and the INVITE sent again with credentials (same Call-ID, next CSeq), which
 * sipp's `verifyauth` checks; a trunk that refuses them gets no third INVITE and the phone gets a clear 403.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { ensureSipp, freeUdpPort, startSipp } from '../../../test/sipp/sipp.js';
import { type App, createApp } from '../../app/create-app.js';
import { loadConfig } from '../../config/config.js';
import { digestParams, parseAuth } from '../sip/message.js';

const haveSipp = ensureSipp();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const trunkAuth = { username: 'callwarden-trunk', password: 'trunk-secret-1' };

async function waitFor(what: string, check: () => boolean, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('outgoing calls to a trunk that asks for credentials', {
  skip: haveSipp ? false : 'sipp (sip-tester) is not installed',
}, () => {
  let app: App;
  let sip: string;
  let dataDir: string;
  let trunkPort: number;
  let olivePort: number;
  let files = 0;
  const file = (name: string) => {
    files += 1;
    return join(dataDir, `${name}-${files}.txt`);
  };

  before(async () => {
    [trunkPort, olivePort] = [await freeUdpPort(), await freeUdpPort()];
    dataDir = mkdtempSync(join(tmpdir(), 'cw-trunk-auth-'));
    app = await createApp({
      config: loadConfig({ dataDir, http: '127.0.0.1:0', sip: '127.0.0.1:0', trunk: `127.0.0.1:${trunkPort}` }, {}),
      log: pino({ level: 'silent' }),
      telephony: { trunkAuth },
    });
    await app.ops.addResident({ number: '01279 555012', name: 'Olive', phone: `sip:olive@127.0.0.1:${olivePort}` });
    await app.index.catchUp();
    await app.start();
    sip = `127.0.0.1:${app.sip?.local.port}`;
  });

  after(async () => {
    await app?.stop();
  });

  async function outcome(pattern: RegExp): Promise<string> {
    let text = '';
    for (let i = 0; i < 100 && !pattern.test(text); i += 1) {
      await app.callLog.flush();
      text = (await app.store.listCalls({ limit: 1 }))[0]?.outcome ?? '';
      await sleep(50);
    }
    assert.match(text, pattern);
    return text;
  }

  test('a 401 challenge is ACKed and the INVITE sent again with valid credentials: same Call-ID, next CSeq', async () => {
    const dialogFile = file('dialog');
    const trunk = startSipp({
      scenario: 'uas-trunk-challenges-401-then-answers.xml',
      port: trunkPort,
      mediaPort: 0,
      keys: { dialogfile: dialogFile, ...trunkAuth, user: trunkAuth.username },
    });
    await sleep(300);
    const phone = startSipp({
      scenario: 'uac-ring-through-caller-hangs-up.xml',
      target: sip,
      port: olivePort,
      mediaPort: 0,
      holdMs: 500,
      keys: { from: '441279555012', to: '101' },
    });
    const [phoneResult, trunkResult] = await Promise.all([phone.result, trunk.result]);
    assert.equal(trunkResult.code, 0, `trunk (verifyauth): ${trunkResult.stdout.slice(-1500)}`);
    assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
    await waitFor('the dialog file', () => existsSync(dialogFile));
    const [firstCallId, firstCSeq, secondCallId, secondCSeq] = readFileSync(dialogFile, 'utf8').trim().split(' ');
    assert.equal(secondCallId, firstCallId, 'the retried INVITE keeps the Call-ID');
    assert.deepEqual([firstCSeq, secondCSeq], ['1', '2'], 'and takes the next CSeq');
    assert.equal(await outcome(/hung up/), 'outgoing to 101: fresh leg; answered; resident hung up');
    await waitFor('nothing left of the call', () => app.sip?.activeCalls === 0 && app.sip.pendingTransactions === 0);
  });

  test('a trunk that refuses the credentials gets no third INVITE, and the phone gets 403 with the reason', async () => {
    const authFile = file('auth');
    const trunk = startSipp({
      scenario: 'uas-trunk-refuses-credentials-expect-no-third-invite.xml',
      port: trunkPort,
      mediaPort: 0,
      keys: { authfile: authFile },
    });
    await sleep(300);
    const phone = startSipp({
      scenario: 'uac-phone-calls-out-expect-403.xml',
      target: sip,
      port: olivePort,
      mediaPort: 0,
      keys: { from: '441279555012', to: '101' },
    });
    const [phoneResult, trunkResult] = await Promise.all([phone.result, trunk.result]);
    assert.equal(phoneResult.code, 0, `phone: ${phoneResult.stdout.slice(-1500)}`);
    assert.equal(trunkResult.code, 0, `trunk (no third INVITE): ${trunkResult.stdout.slice(-1500)}`);
    const parsed = parseAuth(readFileSync(authFile, 'utf8').trim());
    assert.ok(parsed.ok);
    const digest = digestParams(parsed.value);
    assert.ok(digest?.nonce && digest.cnonce && digest.nc);
    assert.equal(digest.username, trunkAuth.username);
    assert.equal(digest.realm, 'trunk.test');
    assert.equal(digest.uri, `sip:101@127.0.0.1:${trunkPort}`);
    const ha1 = md5(`${trunkAuth.username}:trunk.test:${trunkAuth.password}`);
    const ha2 = md5(`INVITE:${digest.uri}`);
    assert.equal(digest.response, md5(`${ha1}:${digest.nonce}:${digest.nc}:${digest.cnonce}:auth:${ha2}`));
    assert.equal(
      await outcome(/credentials/),
      "outgoing to 101: fresh leg; the trunk refused CallWarden's credentials (407)",
    );
    await waitFor('nothing left of the call', () => app.sip?.activeCalls === 0 && app.sip.pendingTransactions === 0);
  });
});
