import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createOperations } from '../app/operations.js';
import { openStore } from '../store/open-store.js';
import { type Store, StoreError } from '../store/store.js';
import { createHttpApp } from './create-http-app.js';
import { aHarness, json } from './http-test-kit.js';

/** A store whose `method` fails with `error`; everything else is the real store. */
function failing(store: Store, method: keyof Store, error: unknown): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === method) return async () => Promise.reject(error);
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function collectingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('a read-only store', () => {
  test('answers every write with 503 and a clear message, still serves reads, and loses nothing', async () => {
    const h = await aHarness();
    await h.call('admin', 'POST', `/api/residents/${h.ada.id}/contacts`, { number: '02079460001', name: 'Son' });
    const readOnly = await openStore({ dataDir: h.dataDir, readOnly: true });
    const app = await createHttpApp({
      ops: createOperations({ store: readOnly, region: 'GB' }),
      store: readOnly,
      metrics: { registry: new Registry() },
    });
    try {
      const as = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
        app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${token}` },
          ...(payload === undefined ? {} : { payload: payload as string }),
        });
      const writes = [
        as(h.tokens.admin, 'POST', '/api/residents', { number: '02079460100', name: 'Cy' }),
        as(h.tokens.admin, 'PATCH', `/api/residents/${h.ada.id}/settings`, { international: 'block' }),
        as(h.tokens.admin, 'PATCH', `/api/residents/${h.ada.id}`, { name: 'Renamed' }),
        as(h.tokens.carer, 'POST', `/api/residents/${h.ada.id}/contacts`, { number: '02079460002', name: 'Niece' }),
        as(h.tokens.carer, 'DELETE', `/api/residents/${h.ada.id}/contacts/02079460001`),
        as(h.tokens.admin, 'POST', '/api/blocks', { number: '02079460008', reason: 'scam' }),
        as(h.tokens.carer, 'POST', '/api/reports', { number: '02079460003', residentId: h.ada.id }),
        as(h.tokens.admin, 'DELETE', `/api/residents/${h.bob.id}`),
        app.inject({
          method: 'POST',
          url: '/api/dno/import',
          payload: 'number\n03001234567\n',
          headers: { authorization: `Bearer ${h.tokens.admin}`, 'content-type': 'text/csv' },
        }),
      ];
      for (const response of await Promise.all(writes)) {
        assert.equal(response.statusCode, 503, response.body);
        const problem = json(response);
        assert.equal(problem.error, 'unavailable');
        assert.match(problem.message, /read-only.*nothing was changed/);
        assert.ok(!problem.message.includes(h.dataDir), 'the message does not reveal the data directory');
      }
      // Screening fails open: the decision is given, but the call could not be logged, so it has no call id.
      const screened = await as(h.tokens.admin, 'POST', '/api/screen', { from: '02079460002', to: '01279555001' });
      assert.equal(screened.statusCode, 200);
      assert.equal(json(screened).action, 'screen');
      assert.equal(json(screened).callId, null);

      const residents = await as(h.tokens.analyst, 'GET', '/api/residents');
      assert.equal(residents.statusCode, 200);
      assert.equal(json(residents).length, 2);

      const contacts = json(await h.call('admin', 'GET', `/api/residents/${h.ada.id}/contacts`));
      assert.deepEqual(
        contacts.map((c: { name: string }) => c.name),
        ['Son'],
      );
      const ada = json(await h.call('admin', 'GET', `/api/residents/${h.ada.id}`));
      assert.equal(ada.name, 'Ada Lovelace');
      assert.equal(ada.settings.international, 'screen');
      assert.deepEqual(json(await h.call('admin', 'GET', '/api/blocks')), []);
      assert.deepEqual(json(await h.call('admin', 'GET', '/api/calls')), []);
    } finally {
      await app.close();
      await readOnly.close();
      await h.close();
    }
  });
});

describe('error mapping', () => {
  test('answers an unexpected failure with 500 {error: internal}, logs it, and never leaks its message or stack', async () => {
    const h = await aHarness();
    const { log, lines } = collectingLogger();
    const store = failing(h.store, 'listDno', new TypeError('secret detail at /srv/callwarden/db.ts:42'));
    const app = await createHttpApp({ ops: h.ops, store, log, metrics: { registry: new Registry() } });
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/api/dno',
        headers: { authorization: `Bearer ${h.tokens.admin}` },
      });
      assert.equal(response.statusCode, 500);
      assert.equal(json(response).error, 'internal');
      assert.ok(!response.body.includes('secret detail'));
      assert.ok(!response.body.includes('db.ts'));
      const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.level === 50);
      assert.ok(logged, 'the failure is logged at error level');
      assert.match(logged.err.message, /secret detail/);
      assert.ok(
        lines.some((line) => line.includes('"url":"/api/dno"')),
        'requests are logged',
      );
    } finally {
      await app.close();
      await h.close();
    }
  });

  test('answers a locked database with 503, Retry-After and a message saying to try again', async () => {
    const h = await aHarness();
    const store = failing(h.store, 'listBlocks', new StoreError('locked', 'the database file /x/y.db is locked'));
    const app = await createHttpApp({ ops: h.ops, store, metrics: { registry: new Registry() } });
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/api/blocks',
        headers: { authorization: `Bearer ${h.tokens.admin}` },
      });
      assert.equal(response.statusCode, 503);
      assert.equal(response.headers['retry-after'], '5');
      assert.match(json(response).message, /busy.*try again/);
    } finally {
      await app.close();
      await h.close();
    }
  });

  test('answers 503 when the token lookup itself cannot reach the database', async () => {
    const h = await aHarness();
    const store = failing(h.store, 'findTokenBySecret', new StoreError('unavailable', 'cannot reach PostgreSQL'));
    const app = await createHttpApp({ ops: h.ops, store, metrics: { registry: new Registry() } });
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/api/residents',
        headers: { authorization: `Bearer ${h.tokens.admin}` },
      });
      assert.equal(response.statusCode, 503);
      assert.equal(json(response).error, 'unavailable');
    } finally {
      await app.close();
      await h.close();
    }
  });

  test('answers an empty JSON body with 400 saying so', async () => {
    const h = await aHarness();
    try {
      const response = await h.send('admin', {
        method: 'POST',
        url: `/api/residents/${h.ada.id}/contacts`,
        payload: '',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.statusCode, 400);
      assert.match(json(response).message, /empty/);
    } finally {
      await h.close();
    }
  });

  test('answers a write with no body at all with 400 naming the body', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('admin', 'POST', '/api/blocks');
      assert.equal(response.statusCode, 400);
      assert.match(json(response).message, /^body/);
    } finally {
      await h.close();
    }
  });
});
