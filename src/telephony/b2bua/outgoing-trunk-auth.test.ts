/**
 * Outgoing calls to a trunk that wants digest credentials, end to end: sipp as the resident's phone and sipp as the
 * trunk. The trunk's 401/407 is ACKed and the INVITE sent again with credentials (same Call-ID, next CSeq), which
 * sipp's `verifyauth` checks; a trunk that refuses them gets no third INVITE and the phone gets a clear 403.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { aSipService, type SipService, sleep, waitFor } from '../../../test/sipp/service-kit.js';
import { ensureSipp, freeUdpPort, startSipp } from '../../../test/sipp/sipp.js';
import type { App } from '../../app/create-app.js';
import { digestParams, parseAuth } from '../sip/message.js';

const haveSipp = ensureSipp();
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const trunkAuth = { username: 'callwarden-trunk', password: 'trunk-secret-1' };

describe('outgoing calls to a trunk that asks for credentials', {
  skip: haveSipp ? false : 'sipp (sip-tester) is not installed',
}, () => {
  let service: SipService;
  let app: App;
  let sip: string;
  let trunkPort: number;
  let olivePort: number;
  const file = (name: string) => service.file(name);
  const outcome = (pattern: RegExp) => service.outcome(pattern);

  before(async () => {
    [trunkPort, olivePort] = [await freeUdpPort(), await freeUdpPort()];
    service = await aSipService({
      prefix: 'cw-trunk-auth-',
      config: { trunk: `127.0.0.1:${trunkPort}` },
      telephony: { trunkAuth },
    });
    app = service.app;
    await app.ops.addResident({ number: '01279 555012', name: 'Olive', phone: `sip:olive@127.0.0.1:${olivePort}` });
    await service.start();
    sip = service.sip;
  });

  after(async () => {
    await app?.stop();
  });

  /** Olive's phone (sipp `phone.scenario`) calls 101 through CallWarden to a sipp trunk; how each sipp ended. */
  async function oliveCalls101(
    trunk: { scenario: string; keys: Record<string, string> },
    phone: { scenario: string; holdMs?: number },
  ) {
    const trunkSipp = startSipp({ ...trunk, port: trunkPort, mediaPort: 0 });
    await sleep(300);
    const phoneSipp = startSipp({
      ...phone,
      target: sip,
      port: olivePort,
      mediaPort: 0,
      keys: { from: '441279555012', to: '101' },
    });
    return Promise.all([phoneSipp.result, trunkSipp.result]);
  }

  test('a 401 challenge is ACKed and the INVITE sent again with valid credentials: same Call-ID, next CSeq', async () => {
    const dialogFile = file('dialog');
    const [phoneResult, trunkResult] = await oliveCalls101(
      {
        scenario: 'uas-trunk-challenges-401-then-answers.xml',
        keys: { dialogfile: dialogFile, ...trunkAuth, user: trunkAuth.username },
      },
      { scenario: 'uac-ring-through-caller-hangs-up.xml', holdMs: 500 },
    );
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
    const [phoneResult, trunkResult] = await oliveCalls101(
      { scenario: 'uas-trunk-refuses-credentials-expect-no-third-invite.xml', keys: { authfile: authFile } },
      { scenario: 'uac-phone-calls-out-expect-403.xml' },
    );
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
