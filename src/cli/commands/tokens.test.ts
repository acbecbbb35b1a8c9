/**
 * The token commands end to end: the real `callwarden` program against a real SQLite file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openStore } from '../../store/open-store.js';
import { cli, ok } from '../cli-test-kit.js';

describe('callwarden token list and revoke', () => {
  test('lists tokens without secrets, revokes one so the API refuses it, and names bad ids', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'cw-token-cli-')), 'data');
    ok(data, ['resident', 'add', '--number', '01279 555001', '--name', 'Margaret', '--json']);
    const carer = ok(data, [
      'token',
      'create',
      '--name',
      'Sarah',
      '--role',
      'carer',
      '--resident',
      '01279555001',
      '--json',
    ]);
    const admin = ok(data, ['token', 'create', '--name', 'Operator', '--role', 'admin', '--json']);
    const listed = ok(data, ['token', 'list', '--json']);
    assert.deepEqual(
      listed.map((t: { id: number; name: string; role: string; revokedAt: null }) => [
        t.id,
        t.name,
        t.role,
        t.revokedAt,
      ]),
      [
        [carer.id, 'Sarah', 'carer', null],
        [admin.id, 'Operator', 'admin', null],
      ],
    );
    assert.ok(!JSON.stringify(listed).includes(carer.secret), 'no secret listed');
    assert.deepEqual(listed[0].residentIds, carer.residentIds);

    const revoked = ok(data, ['token', 'revoke', String(carer.id), '--json']);
    assert.equal(revoked.id, carer.id);
    assert.match(revoked.revokedAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(
      ok(data, ['token', 'list', '--active', '--json']).map((t: { name: string }) => t.name),
      ['Operator'],
    );
    const human = cli(data, ['token', 'list']);
    assert.equal(human.code, 0);
    assert.match(human.stderr, /Sarah \(carer residents \d+\).*REVOKED/);

    const store = await openStore({ dataDir: data });
    try {
      assert.equal(await store.findTokenBySecret(carer.secret), null, 'the revoked secret is refused');
      assert.ok(await store.findTokenBySecret(admin.secret));
    } finally {
      await store.close();
    }

    const unknown = cli(data, ['token', 'revoke', '999']);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /no token with id 999/);
    const bad = cli(data, ['token', 'revoke', 'abc']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /token id must be a positive whole number/);
  });
});
