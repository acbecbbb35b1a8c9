import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Operations } from '../app/operations.js';
import { analyzeCall } from '../detection/call-detector.js';
import { parseCallLine } from '../detection/transcript.js';
import type { DetectorModel } from '../detection/turn-classifier.js';
import { createNotifications } from '../notifications/notifications.js';
import { verifySignature } from '../notifications/signing.js';
import {
  anHttpReceiver,
  anSmtpReceiver,
  eventually,
  type HttpReceiver,
  type SmtpReceiver,
} from '../notifications/test-receivers.js';
import type { Resident } from '../residents/resident.js';
import type { Store } from '../store/store.js';
import { aGuardedApp } from './http-test-kit.js';

const fixtureCalls = readFileSync(new URL('../../test/fixtures/detector/calls.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => parseCallLine(line));
const secret = 'webhook-secret-for-the-feed-test';

describe('transcript feed of the call guard', () => {
  let store: Store;
  let ops: Operations;
  let model: DetectorModel;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let webhook: HttpReceiver;
  let smtp: SmtpReceiver;
  let ada: Resident;
  let admin: string;
  let carer: string;

  before(async () => {
    webhook = await anHttpReceiver();
    smtp = await anSmtpReceiver();
    ({ app, store, ops, model, close } = await aGuardedApp('cw-guard-http-', {
      notifications: (opened, log) =>
        createNotifications({
          config: {
            webhookSecret: secret,
            webhookUrl: `${webhook.url}/operator`,
            smtp: { host: smtp.host, port: smtp.port },
            smtpUser: null,
            smtpPassword: null,
            smtpFrom: 'CallWarden <alerts@callwarden.test>',
            bankEndpoint: null,
            bankSecret: null,
          },
          store: opened,
          log,
          retry: { pollMs: 20, baseDelayMs: 20 },
        }),
    }));
    ada = await ops.addResident({
      number: '+441279555001',
      name: 'Ada Price',
      settings: { guard: { enabled: true, alertEmails: ['daughter@example.org'] } },
    });
    admin = (await store.createToken({ name: 'telephony', role: 'admin', residentIds: [] })).secret;
    carer = (await store.createToken({ name: 'daughter', role: 'carer', residentIds: [ada.id] })).secret;
  });
  after(async () => {
    await close();
    await webhook.close();
    await smtp.close();
  });

  const post = (url: string, payload?: unknown, token = admin) =>
    app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  test('gives, turn by turn, the same actions and alert turns as analyze for every fixture call', async () => {
    for (const call of fixtureCalls) {
      const expected = analyzeCall(model, call.turns);
      const actions: string[] = [];
      let alertTurn: number | null = null;
      for (const [index, turn] of call.turns.entries()) {
        const first = index === 0 ? { to: '+441279555001', from: '+442079460001' } : {};
        const response = await post(`/api/guard/calls/feed-${call.id}/turns`, { ...turn, ...first });
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json();
        assert.equal(body.guarded, true);
        assert.equal(body.turn, index);
        actions.push(body.action);
        if (alertTurn === null && (body.action === 'alert' || body.action === 'end')) alertTurn = index;
        assert.ok(Math.abs(body.risk - (expected.perTurn[index]?.risk ?? -1)) < 1e-12);
      }
      assert.deepEqual(
        actions,
        expected.perTurn.map((a) => a.action),
        call.id,
      );
      assert.equal(alertTurn, expected.alertTurn, call.id);
      const end = await post(`/api/guard/calls/feed-${call.id}/end`);
      assert.equal(end.statusCode, 200, end.body);
      assert.equal(end.json().flagged, expected.alertTurn !== null, call.id);
    }
  });

  test('accepts a batch of turns (with the resident in the query) and reports each turn', async () => {
    const call = fixtureCalls.find((c) => c.id === 'fx-tech-support');
    assert.ok(call);
    const response = await post(`/api/guard/calls/batch-1/turns?residentId=${ada.id}&from=02079460002`, call.turns);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(
      body.steps.map((step: { action: string }) => step.action),
      analyzeCall(model, call.turns).perTurn.map((a) => a.action),
    );
    assert.ok(body.steps.some((step: { actions: string[] }) => step.actions.includes('end-call')));
    assert.ok(body.reasons.length > 0);
    assert.equal((await post('/api/guard/calls/batch-1/end')).statusCode, 200);
    const late = await post('/api/guard/calls/batch-1/turns', { speaker: 'caller', text: 'hello?' });
    assert.equal(late.statusCode, 409);
  });

  test('alerts reach the carer by signed webhook and by email through SMTP, once per level', async () => {
    const call = fixtureCalls.find((c) => c.id === 'fx-relative-courier');
    assert.ok(call);
    await post(`/api/guard/calls/alert-1/turns`, { turns: call.turns, to: '+441279555001', from: '+442079460003' });
    const queued = await store.listNotifications({ callId: 'alert-1' });
    assert.deepEqual(queued.map((n) => n.channel).sort(), ['email', 'email', 'webhook', 'webhook']);
    await eventually(async () => (await store.listNotifications({ callId: 'alert-1', status: 'sent' })).length === 4);
    // Alerts of the calls fed before are delivered meanwhile too: look at this call's.
    const posts = webhook.received.filter((delivered) => JSON.parse(delivered.body).callId === 'alert-1');
    assert.equal(posts.length, 2);
    for (const delivered of posts) {
      assert.ok(verifySignature(secret, delivered.body, delivered.headers['x-callwarden-signature'] as string));
      assert.equal(JSON.parse(delivered.body).callId, 'alert-1');
    }
    assert.deepEqual(posts.map((p) => JSON.parse(p.body).event).sort(), ['call.alert', 'call.ended']);
    const mails = smtp.received.filter((mail) => mail.data.includes('/#/calls/alert-1\r\n'));
    assert.equal(mails.length, 2);
    assert.deepEqual(mails[0]?.to, ['daughter@example.org']);
    assert.match(mails.map((m) => m.data).join('\n'), /Who called: \+442079460003\r\n/);
    await post('/api/guard/calls/alert-1/end');
    assert.ok(await store.getGuardEvidence('alert-1'));
  });

  test("passes the keyword spotter's words to the detector as weak evidence, shown as a reason", async () => {
    const turn = { speaker: 'caller', text: 'hello this is the bank security team', residentId: ada.id };
    const plain = (await post('/api/guard/calls/kw-plain/turns', turn)).json();
    const heard = (
      await post('/api/guard/calls/kw-heard/turns', { ...turn, keywords: ['BANK_CARD', 'PIN_NUMBER'] })
    ).json();
    assert.ok(heard.risk > plain.risk, `keywords raise the risk (${plain.risk} → ${heard.risk})`);
    assert.ok(heard.reasons.some((reason: { source: string }) => reason.source === 'keyword-spotter'));
    assert.ok(!['alert', 'end'].includes(heard.action), 'keywords alone never alert');
  });

  test('answers without guarding when the guard is off for the resident', async () => {
    const bob = await ops.addResident({ number: '+441279555002', name: 'Bob' });
    const response = await post(`/api/guard/calls/off-1/turns`, { speaker: 'caller', text: 'Hi', residentId: bob.id });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(
      { guarded: response.json().guarded, why: response.json().why, action: response.json().action },
      { guarded: false, why: 'the call guard is off for this resident', action: 'none' },
    );
  });

  test('refuses carers and unknown tokens, and a first turn that names no resident', async () => {
    const turn = { speaker: 'caller', text: 'Hello', residentId: ada.id };
    assert.equal((await post('/api/guard/calls/x/turns', turn, carer)).statusCode, 403);
    assert.equal((await post('/api/guard/calls/x/turns', turn, 'not-a-token')).statusCode, 401);
    const anonymous = await post('/api/guard/calls/x/turns', { speaker: 'caller', text: 'Hello' });
    assert.equal(anonymous.statusCode, 400);
    assert.match(anonymous.json().message, /residentId or to/);
    assert.equal(
      (await post('/api/guard/calls/x/turns', { speaker: 'robot', text: 'x', residentId: ada.id })).statusCode,
      400,
    );
    assert.equal((await post('/api/guard/calls/x/turns', { ...turn, residentId: 9999 })).statusCode, 404);
    assert.equal((await post('/api/guard/calls/never-opened/end')).statusCode, 404);
  });
});
