import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { parseMessage, type SipRequest } from '../sip/message.js';
import type { Peer } from '../transport/sip-transport.js';
import { type BindingStore, createRegistrar, digestHa1, type Registrar, type StoredBinding } from './registrar.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const peer: Peer = { transport: 'udp', address: '192.0.2.10', port: 5062 };
const user = '441279555001';
const password = 'correct horse';

function register(options: {
  contact?: string;
  expires?: string;
  auth?: string;
  callId?: string;
  cseq?: number;
  to?: string;
}): SipRequest {
  const lines = [
    'REGISTER sip:callwarden.example SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKreg1',
    `From: <sip:${user}@callwarden.example>;tag=a1`,
    `To: <sip:${options.to ?? user}@callwarden.example>`,
    `Call-ID: ${options.callId ?? 'reg-1'}`,
    `CSeq: ${options.cseq ?? 1} REGISTER`,
    ...(options.contact === undefined ? [] : [`Contact: ${options.contact}`]),
    ...(options.expires === undefined ? [] : [`Expires: ${options.expires}`]),
    ...(options.auth === undefined ? [] : [`Authorization: ${options.auth}`]),
    'Content-Length: 0',
    '',
    '',
  ];
  const parsed = parseMessage(Buffer.from(lines.join('\r\n')));
  assert.ok(parsed.ok && parsed.message.kind === 'request', JSON.stringify(parsed));
  return parsed.message as SipRequest;
}

function nonceOf(headers: { name: string; value: string }[]): string {
  const challenge = headers.find((h) => h.name === 'WWW-Authenticate')?.value ?? '';
  assert.match(challenge, /^Digest realm="callwarden", nonce="[^"]+", algorithm=MD5, qop="auth"/);
  return /nonce="([^"]+)"/.exec(challenge)?.[1] ?? '';
}

function credentials(nonce: string, options: { password?: string; nc?: string; username?: string } = {}): string {
  const username = options.username ?? user;
  const nc = options.nc ?? '00000001';
  const uri = 'sip:callwarden.example';
  const ha1 = digestHa1(username, options.password ?? password);
  const response = md5(`${ha1}:${nonce}:${nc}:c0ffee:auth:${md5(`REGISTER:${uri}`)}`);
  return `Digest username="${username}", realm="callwarden", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=${nc}, cnonce="c0ffee"`;
}

function aRegistrar(now = () => Date.now()): Registrar {
  return createRegistrar({
    now,
    credentials: async (name) => (name === user ? { residentId: 7, ha1: digestHa1(user, password) } : null),
  });
}

test('challenges, then binds the Contact with its expiry and lists the bindings in the 200', async () => {
  const registrar = aRegistrar();
  const first = await registrar.register(register({ contact: '<sip:phone@192.0.2.10:5062>' }), peer);
  assert.equal(first.status, 401);
  const nonce = nonceOf(first.headers);
  const ok = await registrar.register(
    register({ contact: '<sip:phone@192.0.2.10:5062>', expires: '600', auth: credentials(nonce), cseq: 2 }),
    peer,
  );
  assert.equal(ok.status, 200, JSON.stringify(ok));
  assert.equal(ok.residentId, 7);
  assert.deepEqual(
    ok.headers.filter((h) => h.name === 'Contact').map((h) => h.value),
    ['<sip:phone@192.0.2.10:5062>;expires=600'],
  );
  assert.equal(registrar.freshest(7)?.contact, 'sip:phone@192.0.2.10:5062');
  assert.equal(registrar.residentAt({ address: '192.0.2.10', port: 5062 }), 7);
  assert.equal(registrar.residentAt({ address: '192.0.2.10', port: 5099 }), null);
});

test('a replayed request (same nonce and nc) is challenged again, never accepted', async () => {
  const registrar = aRegistrar();
  const nonce = nonceOf((await registrar.register(register({}), peer)).headers);
  const auth = credentials(nonce);
  assert.equal((await registrar.register(register({ contact: '<sip:p@192.0.2.10>', auth }), peer)).status, 200);
  const replay = await registrar.register(register({ contact: '<sip:evil@203.0.113.9>', auth }), peer);
  assert.equal(replay.status, 401);
  assert.match(replay.headers[0]?.value ?? '', /stale=true/);
  assert.equal(registrar.bindings, 1);
  const next = await registrar.register(
    register({ contact: '<sip:p2@192.0.2.10>', auth: credentials(nonce, { nc: '00000002' }) }),
    peer,
  );
  assert.equal(next.status, 200);
});

test('an expired nonce gets a stale challenge; a forged one a plain challenge', async () => {
  let time = 1_000_000;
  const registrar = aRegistrar(() => time);
  const nonce = nonceOf((await registrar.register(register({}), peer)).headers);
  time += 301_000;
  const stale = await registrar.register(register({ contact: '<sip:p@192.0.2.10>', auth: credentials(nonce) }), peer);
  assert.equal(stale.status, 401);
  assert.match(stale.headers[0]?.value ?? '', /stale=true/);
  const forged = await registrar.register(
    register({ contact: '<sip:p@192.0.2.10>', auth: credentials(`${nonce.slice(0, -2)}xx`) }),
    peer,
  );
  assert.equal(forged.status, 401);
  assert.doesNotMatch(forged.headers[0]?.value ?? '', /stale/);
});

test('a wrong password and an unknown user both get 403; registering another AOR is refused', async () => {
  const registrar = aRegistrar();
  const nonce = () => registrar.register(register({}), peer).then((r) => nonceOf(r.headers));
  const wrong = await registrar.register(register({ auth: credentials(await nonce(), { password: 'guess' }) }), peer);
  const unknown = await registrar.register(
    register({ to: '449999999999', auth: credentials(await nonce(), { username: '449999999999' }) }),
    peer,
  );
  assert.equal(wrong.status, 403);
  assert.equal(unknown.status, 403);
  assert.deepEqual(wrong.headers, unknown.headers);
  const other = await registrar.register(register({ to: '441279555002', auth: credentials(await nonce()) }), peer);
  assert.equal(other.status, 403);
  assert.equal(registrar.bindings, 0);
});

test('Contact: * with Expires: 0 removes every binding; expires=0 removes one; too brief gets 423', async () => {
  const registrar = aRegistrar();
  let cseq = 1;
  const send = async (contact: string, expires?: string) => {
    const nonce = nonceOf((await registrar.register(register({}), peer)).headers);
    return registrar.register(
      register({ contact, ...(expires ? { expires } : {}), cseq: cseq++, auth: credentials(nonce) }),
      peer,
    );
  };
  await send('<sip:a@192.0.2.10:5062>, <sip:b@192.0.2.11>');
  assert.equal(registrar.bindings, 2);
  const one = await send('<sip:a@192.0.2.10:5062>;expires=0');
  assert.deepEqual(
    one.headers.filter((h) => h.name === 'Contact').map((h) => h.value.replace(/=\d+$/, '=N')),
    ['<sip:b@192.0.2.11>;expires=N'],
  );
  assert.equal((await send('<sip:c@192.0.2.10>;expires=5')).status, 423);
  assert.equal((await send('*')).status, 400, 'Contact: * needs Expires: 0');
  const cleared = await send('*', '0');
  assert.equal(cleared.status, 200);
  assert.equal(cleared.headers.filter((h) => h.name === 'Contact').length, 0);
  assert.equal(registrar.freshest(7), null);
});

/** A BindingStore in memory, as the SQL store behaves: each resident's bindings replaced whole, live ones listed. */
function aBindingStore(): BindingStore & { rows: Map<number, StoredBinding[]>; failing: boolean } {
  const rows = new Map<number, StoredBinding[]>();
  return {
    rows,
    failing: false,
    async listSipBindings(at) {
      if (this.failing) throw new Error('database is locked');
      return [...rows.values()].flat().filter((binding) => binding.expiresAt > at);
    },
    async replaceSipBindings(residentId, bindings) {
      if (this.failing) throw new Error('database is locked');
      if (bindings.length === 0) rows.delete(residentId);
      else rows.set(residentId, [...bindings]);
    },
  };
}

test('writes bindings through to the store and restores the live ones in a new registrar (a restart)', async () => {
  let clock = 1_000_000;
  const store = aBindingStore();
  const errors: string[] = [];
  const options = {
    now: () => clock,
    credentials: async (name: string) => (name === user ? { residentId: 7, ha1: digestHa1(user, password) } : null),
    bindingStore: store,
    onStoreError: (_error: unknown, what: string) => errors.push(what),
  };
  const before = createRegistrar(options);
  const nonce = nonceOf((await before.register(register({ contact: '<sip:phone@192.0.2.10:5062>' }), peer)).headers);
  const ok = await before.register(
    register({ contact: '<sip:phone@192.0.2.10:5062>', expires: '600', auth: credentials(nonce), cseq: 2 }),
    peer,
  );
  assert.equal(ok.status, 200);
  await before.flush();
  assert.deepEqual(store.rows.get(7), [
    {
      residentId: 7,
      contact: 'sip:phone@192.0.2.10:5062',
      source: peer,
      callId: 'reg-1',
      cseq: 2,
      registeredAt: new Date(1_000_000),
      expiresAt: new Date(1_600_000),
    },
  ]);

  clock += 300_000;
  const after = createRegistrar(options);
  assert.equal(after.freshest(7), null, 'nothing before the bindings are restored');
  assert.equal(await after.restore(), 1);
  assert.equal(after.freshest(7)?.contact, 'sip:phone@192.0.2.10:5062');
  assert.equal(after.residentAt({ address: '192.0.2.10', port: 5062 }), 7, 'calls from the phone are its resident’s');
  clock += 300_001;
  assert.equal(after.freshest(7), null, 'until the binding expires');
  assert.equal(await createRegistrar(options).restore(), 0, 'an expired binding is not restored');
  assert.deepEqual(errors, []);
});

test('a phone that unregisters is removed from the store; a store that fails never fails the REGISTER', async () => {
  const store = aBindingStore();
  const errors: string[] = [];
  const registrar = createRegistrar({
    credentials: async (name) => (name === user ? { residentId: 7, ha1: digestHa1(user, password) } : null),
    bindingStore: store,
    onStoreError: (_error, what) => errors.push(what),
  });
  const bind = async (expires: string, cseq: number) => {
    const challenge = await registrar.register(register({ contact: '<sip:phone@192.0.2.10:5062>', cseq }), peer);
    const nonce = nonceOf(challenge.headers);
    return registrar.register(
      register({ contact: '<sip:phone@192.0.2.10:5062>', expires, auth: credentials(nonce), cseq: cseq + 1 }),
      peer,
    );
  };
  assert.equal((await bind('600', 1)).status, 200);
  await registrar.flush();
  assert.equal(store.rows.get(7)?.length, 1);
  assert.equal((await bind('0', 3)).status, 200);
  await registrar.flush();
  assert.equal(store.rows.has(7), false);
  store.failing = true;
  assert.equal((await bind('600', 5)).status, 200, 'the phone is registered in memory all the same');
  await registrar.flush();
  assert.equal(registrar.freshest(7)?.contact, 'sip:phone@192.0.2.10:5062');
  assert.equal(await createRegistrar({ credentials: async () => null, bindingStore: store }).restore(), 0);
  assert.deepEqual(errors, ['the REGISTER binding could not be stored']);
});
