import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { openStore } from '../store/open-store.js';
import type { NewNotification, Store } from '../store/store.js';
import { backoffMs, createDispatcher } from './dispatcher.js';
import { emailSender } from './email-sender.js';
import { signedPostSender } from './signed-post.js';
import { signatureHeader, timestampHeader, verifySignature } from './signing.js';
import { anHttpReceiver, anSmtpReceiver, eventually } from './test-receivers.js';

const secret = 'a-webhook-secret-of-some-length';
const log = pino({ level: 'silent' });

function aWebhook(url: string, key = 'call-1:alert:webhook'): NewNotification {
  return {
    key,
    channel: 'webhook',
    callId: 'call-1',
    residentId: null,
    payload: { url, body: { event: 'call.alert' } },
  };
}

describe('notification dispatcher', () => {
  let root: string;
  let count = 0;
  const aStore = async (dir?: string): Promise<{ store: Store; dataDir: string }> => {
    count += 1;
    const dataDir = dir ?? join(root, `store-${count}`);
    return { store: await openStore({ dataDir }), dataDir };
  };
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cw-notify-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('backs off exponentially up to the cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 10].map((attempts) => backoffMs(attempts, 1000, 5000)),
      [1000, 2000, 4000, 5000, 5000],
    );
  });

  test('signs each webhook with an HMAC of the body that the receiver can verify, timestamp included', async () => {
    const receiver = await anHttpReceiver();
    const { store } = await aStore();
    try {
      await store.enqueueNotifications([aWebhook(`${receiver.url}/hook`)]);
      const dispatcher = createDispatcher({ store, senders: { webhook: signedPostSender({ secret }) }, log });
      assert.equal(await dispatcher.drainOnce(), 1);
      const [post] = receiver.received;
      assert.ok(post);
      assert.equal(post.path, '/hook');
      assert.equal(post.headers['content-type'], 'application/json');
      const signature = post.headers[signatureHeader] as string;
      assert.match(signature, /^sha256=[0-9a-f]{64}$/);
      assert.ok(verifySignature(secret, post.body, signature), 'the signature matches the raw body');
      assert.ok(!verifySignature('another-secret-entirely', post.body, signature));
      assert.ok(!verifySignature(secret, `${post.body} `, signature), 'a changed body fails');
      const body = JSON.parse(post.body) as { event: string; timestamp: number };
      assert.equal(body.event, 'call.alert');
      assert.equal(String(body.timestamp), post.headers[timestampHeader], 'the signed body carries the timestamp');
      assert.ok(Math.abs(body.timestamp - Date.now() / 1000) < 60);
      assert.equal((await store.listNotifications())[0]?.status, 'sent');
    } finally {
      await store.close();
      await receiver.close();
    }
  });

  test('retries after the receiver first fails with 500, and delivers', async () => {
    const receiver = await anHttpReceiver([500]);
    const { store } = await aStore();
    try {
      await store.enqueueNotifications([aWebhook(receiver.url)]);
      const dispatcher = createDispatcher({
        store,
        senders: { webhook: signedPostSender({ secret }) },
        log,
        baseDelayMs: 50,
        pollMs: 20,
      });
      dispatcher.start();
      await eventually(async () => (await store.listNotifications())[0]?.status === 'sent');
      await dispatcher.stop();
      assert.equal(receiver.received.length, 2);
      const [sent] = await store.listNotifications();
      assert.equal(sent?.attempts, 2);
    } finally {
      await store.close();
      await receiver.close();
    }
  });

  test('delivers after a restart what a dispatcher before it could not', async () => {
    const receiver = await anHttpReceiver([503]);
    const first = await aStore();
    await first.store.enqueueNotifications([aWebhook(receiver.url)]);
    const before = createDispatcher({
      store: first.store,
      senders: { webhook: signedPostSender({ secret }) },
      log,
      baseDelayMs: 50,
    });
    assert.equal(await before.drainOnce(), 1);
    await before.stop();
    await first.store.close();
    assert.equal(receiver.received.length, 1);

    const { store } = await aStore(first.dataDir);
    try {
      const [pending] = await store.listNotifications();
      assert.equal(pending?.status, 'pending', 'the failed notification survived the restart');
      assert.equal(pending?.lastError, `POST ${receiver.url} answered HTTP 503`);
      const afterRestart = createDispatcher({
        store,
        senders: { webhook: signedPostSender({ secret }) },
        log,
        pollMs: 20,
      });
      afterRestart.start();
      await eventually(async () => (await store.listNotifications())[0]?.status === 'sent');
      await afterRestart.stop();
      assert.equal(receiver.received.length, 2);
    } finally {
      await store.close();
      await receiver.close();
    }
  });

  test('gives up after the last attempt, and at once when the receiver rejects the message itself', async () => {
    const receiver = await anHttpReceiver((path) => (path === '/a' ? 500 : 404));
    const { store } = await aStore();
    try {
      await store.enqueueNotifications([aWebhook(`${receiver.url}/a`, 'a'), aWebhook(`${receiver.url}/b`, 'b')]);
      const dispatcher = createDispatcher({
        store,
        senders: { webhook: signedPostSender({ secret }) },
        log,
        maxAttempts: 3,
        baseDelayMs: 10,
        pollMs: 10,
      });
      dispatcher.start();
      await eventually(async () => (await store.listNotifications({ status: 'failed' })).length === 2);
      await dispatcher.stop();
      const byKey = new Map((await store.listNotifications()).map((n) => [n.key, n]));
      assert.equal(byKey.get('a')?.attempts, 3, 'retried up to maxAttempts');
      assert.equal(byKey.get('b')?.attempts, 1, 'a 404 is not retried');
      assert.match(byKey.get('b')?.lastError ?? '', /HTTP 404/);
    } finally {
      await store.close();
      await receiver.close();
    }
  });

  test('sends email through a real SMTP server', async () => {
    const smtp = await anSmtpReceiver();
    const { store } = await aStore();
    const mail = emailSender({ host: smtp.host, port: smtp.port, from: 'CallWarden <alerts@callwarden.test>' });
    try {
      await store.enqueueNotifications([
        {
          key: 'call-1:alert:email:carer@example.org',
          channel: 'email',
          callId: 'call-1',
          residentId: null,
          payload: {
            to: 'carer@example.org',
            subject: 'Possible scam call',
            text: 'Ada is on a call that looks like a scam.',
          },
        },
      ]);
      const dispatcher = createDispatcher({ store, senders: { email: mail.send }, log });
      await dispatcher.drainOnce();
      assert.equal(smtp.received.length, 1);
      const [message] = smtp.received;
      assert.deepEqual(message?.to, ['carer@example.org']);
      assert.equal(message?.from, 'alerts@callwarden.test');
      assert.match(message?.data ?? '', /Subject: Possible scam call/);
      assert.match(message?.data ?? '', /Ada is on a call that looks like a scam\./);
      assert.equal((await store.listNotifications())[0]?.status, 'sent');
    } finally {
      mail.close();
      await store.close();
      await smtp.close();
    }
  });

  test('keeps an email pending while the SMTP server is down', async () => {
    const smtp = await anSmtpReceiver();
    const { port } = smtp;
    await smtp.close();
    const { store } = await aStore();
    const mail = emailSender({ host: '127.0.0.1', port, from: 'alerts@callwarden.test', timeoutMs: 2000 });
    try {
      await store.enqueueNotifications([
        {
          key: 'k',
          channel: 'email',
          callId: null,
          residentId: null,
          payload: { to: 'c@example.org', subject: 's', text: 't' },
        },
      ]);
      await createDispatcher({ store, senders: { email: mail.send }, log }).drainOnce();
      const [pending] = await store.listNotifications();
      assert.equal(pending?.status, 'pending');
      assert.equal(pending?.attempts, 1);
      assert.match(pending?.lastError ?? '', /ECONNREFUSED|connect/i);
    } finally {
      mail.close();
      await store.close();
    }
  });
});
