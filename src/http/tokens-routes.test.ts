import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { aHarness, type Harness, json } from './http-test-kit.js';

describe('who am I, and API tokens', () => {
  let h: Harness;
  before(async () => {
    h = await aHarness();
  });
  after(() => h.close());

  test('tells each token who it is: role, label and, for a carer, only their residents', async () => {
    const carer = json(await h.call('carer', 'GET', '/api/me'));
    assert.equal(carer.role, 'carer');
    assert.equal(carer.name, "Ada's daughter");
    assert.equal(carer.scope, 'own');
    assert.deepEqual(carer.residents, [{ id: h.ada.id, name: 'Ada Lovelace', number: h.ada.number, postcode: 'CM23' }]);
    const analyst = json(await h.call('analyst', 'GET', '/api/me'));
    assert.deepEqual([analyst.role, analyst.scope, analyst.residents], ['analyst', 'all', []]);
    assert.equal(json(await h.call('admin', 'GET', '/api/me')).role, 'admin');
    assert.equal((await h.call('nobody', 'GET', '/api/me')).statusCode, 401);
  });

  test('lists tokens without secrets, to admins only', async () => {
    const response = await h.call('admin', 'GET', '/api/tokens');
    assert.equal(response.statusCode, 200);
    const tokens = json(response);
    assert.deepEqual(
      tokens.map((t: { name: string; role: string }) => [t.name, t.role]),
      [
        ['admin', 'admin'],
        ['analyst', 'analyst'],
        ["Ada's daughter", 'carer'],
      ],
    );
    for (const secret of Object.values(h.tokens)) assert.ok(!response.body.includes(secret), 'no secret listed');
    assert.ok(!/hash/i.test(response.body));
    assert.ok(tokens[0].lastUsedAt, 'the admin token was just used');
    assert.equal((await h.call('analyst', 'GET', '/api/tokens')).statusCode, 403);
    assert.equal((await h.call('carer', 'GET', '/api/tokens')).statusCode, 403);
    assert.equal((await h.call('nobody', 'GET', '/api/tokens')).statusCode, 401);
    assert.equal((await h.call('admin', 'GET', '/api/tokens?revoked=maybe')).statusCode, 400);
  });

  test('creates a carer token whose secret is answered once and works at once, for that resident only', async () => {
    const response = await h.call('admin', 'POST', '/api/tokens', {
      name: 'Neighbour',
      role: 'carer',
      residentIds: [h.bob.id],
    });
    assert.equal(response.statusCode, 201, response.body);
    const { token, secret } = json(response);
    assert.match(secret, /^cw_/);
    assert.deepEqual(
      [token.name, token.role, token.residentIds, token.revokedAt],
      ['Neighbour', 'carer', [h.bob.id], null],
    );
    const me = await h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${secret}` } });
    assert.deepEqual(
      json(me).residents.map((r: { id: number }) => r.id),
      [h.bob.id],
    );
    const ada = await h.app.inject({
      method: 'GET',
      url: `/api/residents/${h.ada.id}`,
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(ada.statusCode, 403);
    const listed = json(await h.call('admin', 'GET', '/api/tokens'));
    assert.ok(!JSON.stringify(listed).includes(secret), 'the secret is never listed');
  });

  test('refuses bad token requests with 400, unknown residents with 404, and other roles with 403', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ role: 'carer', residentIds: [1] }, 400, /name is required/],
      [{ name: 'x', role: 'owner' }, 400, /role must be one of admin, carer, analyst/],
      [{ name: 'x', role: 'carer' }, 400, /carer token needs at least one resident/],
      [{ name: 'x', role: 'analyst', residentIds: [h.ada.id] }, 400, /leave residentIds out/],
      [{ name: 'x', role: 'carer', residentIds: ['one'] }, 400, /residentIds/],
      [{ name: 'x', role: 'admin', secret: 'mine' }, 400, /secret/],
      [{ name: 'x', role: 'carer', residentIds: [99_999] }, 404, /no resident with id 99999/],
    ];
    for (const [body, status, message] of cases) {
      const response = await h.call('admin', 'POST', '/api/tokens', body);
      assert.equal(response.statusCode, status, `${JSON.stringify(body)}: ${response.body}`);
      assert.match(response.body, message);
    }
    const asCarer = await h.call('carer', 'POST', '/api/tokens', { name: 'me too', role: 'admin' });
    assert.equal(asCarer.statusCode, 403);
    assert.equal((await h.call('analyst', 'POST', '/api/tokens', { name: 'x', role: 'analyst' })).statusCode, 403);
    assert.equal((await h.call('nobody', 'POST', '/api/tokens', { name: 'x', role: 'analyst' })).statusCode, 401);
    assert.equal((await h.store.listTokens()).filter((t) => t.name === 'me too').length, 0);
  });

  test('revokes a token: its next request gets 401 at once; revoking needs an admin and a known token id', async () => {
    const { token, secret } = json(await h.call('admin', 'POST', '/api/tokens', { name: 'Temp', role: 'analyst' }));
    const use = () => h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${secret}` } });
    assert.equal((await use()).statusCode, 200);
    assert.equal((await h.call('carer', 'DELETE', `/api/tokens/${token.id}`)).statusCode, 403);
    assert.equal((await h.call('analyst', 'DELETE', `/api/tokens/${token.id}`)).statusCode, 403);
    assert.equal((await h.call('nobody', 'DELETE', `/api/tokens/${token.id}`)).statusCode, 401);
    assert.equal((await use()).statusCode, 200, 'refused attempts change nothing');
    assert.equal((await h.call('admin', 'DELETE', `/api/tokens/${token.id}`)).statusCode, 204);
    const refused = await use();
    assert.equal(refused.statusCode, 401);
    assert.match(refused.headers['www-authenticate'] as string, /invalid_token/);
    const listed = json(await h.call('admin', 'GET', '/api/tokens')).find((t: { id: number }) => t.id === token.id);
    assert.ok(listed.revokedAt);
    const active = json(await h.call('admin', 'GET', '/api/tokens?revoked=exclude'));
    assert.ok(!active.some((t: { id: number }) => t.id === token.id));
    assert.equal((await h.call('admin', 'DELETE', '/api/tokens/99999')).statusCode, 404);
    assert.equal((await h.call('admin', 'DELETE', '/api/tokens/abc')).statusCode, 400);
  });
});
