import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aHarness, type Harness, json } from './http-test-kit.js';

function importCsv(h: Harness, csv: string, who: 'admin' | 'analyst' = 'admin') {
  return h.send(who, { method: 'POST', url: '/api/dno/import', payload: csv, headers: { 'content-type': 'text/csv' } });
}

describe('trusted contacts', () => {
  test('adds, lists and removes a contact, the number given in any common form', async () => {
    const h = await aHarness();
    try {
      const url = `/api/residents/${h.ada.id}/contacts`;
      const added = await h.call('carer', 'POST', url, { number: '020 7946 0001', name: 'Son' });
      assert.equal(added.statusCode, 201);
      assert.equal(json(added).number, '+442079460001');
      assert.deepEqual(
        json(await h.call('carer', 'GET', url)).map((c: { number: string; name: string }) => [c.number, c.name]),
        [['+442079460001', 'Son']],
      );
      const removed = await h.call('carer', 'DELETE', `${url}/${encodeURIComponent('+44 20 7946 0001')}`);
      assert.equal(removed.statusCode, 204);
      assert.deepEqual(json(await h.call('carer', 'GET', url)), []);
    } finally {
      await h.close();
    }
  });

  test('accepts the path number as %2B-encoded E.164 and in national form', async () => {
    const h = await aHarness();
    try {
      const url = `/api/residents/${h.ada.id}/contacts`;
      await h.call('admin', 'POST', url, { number: '02079460001', name: 'Son' });
      await h.call('admin', 'POST', url, { number: '02079460002', name: 'Daughter' });
      assert.equal((await h.call('admin', 'DELETE', `${url}/%2B442079460001`)).statusCode, 204);
      assert.equal((await h.call('admin', 'DELETE', `${url}/02079460002`)).statusCode, 204);
    } finally {
      await h.close();
    }
  });

  test('refuses bad contacts with 400 naming the field and keeps the contacts already stored', async () => {
    const h = await aHarness();
    try {
      const url = `/api/residents/${h.ada.id}/contacts`;
      await h.call('carer', 'POST', url, { number: '02079460001', name: 'Son' });
      const cases: [unknown, RegExp][] = [
        [{ number: 'not a number', name: 'X' }, /^number: /],
        [{ number: '02079460002' }, /^body\.name: name is required/],
        [{ number: '02079460002', name: 7 }, /^body\.name: name must be text/],
        [{ number: '01279555001', name: 'Self' }, /own trusted contact/],
        [['02079460002', 'Son'], /^body: /],
      ];
      for (const [body, message] of cases) {
        const response = await h.call('carer', 'POST', url, body);
        assert.equal(response.statusCode, 400, response.body);
        assert.match(json(response).message, message);
      }
      const duplicate = await h.call('carer', 'POST', url, { number: '+442079460001', name: 'Son again' });
      assert.equal(duplicate.statusCode, 409);
      const missing = await h.call('carer', 'DELETE', `${url}/02079460099`);
      assert.equal(missing.statusCode, 404);
      assert.match(json(missing).message, /not a trusted contact/);
      const malformed = await h.call('carer', 'DELETE', `${url}/abc`);
      assert.equal(malformed.statusCode, 400);
      const stored = json(await h.call('carer', 'GET', url));
      assert.deepEqual(
        stored.map((c: { name: string }) => c.name),
        ['Son'],
      );
    } finally {
      await h.close();
    }
  });

  test('answers 404 for the contacts of a resident that does not exist (admin)', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('admin', 'POST', '/api/residents/999/contacts', {
        number: '02079460001',
        name: 'X',
      });
      assert.equal(response.statusCode, 404);
    } finally {
      await h.close();
    }
  });
});

describe('block lists', () => {
  test("keeps a resident's blocks apart from the global block list", async () => {
    const h = await aHarness();
    try {
      const mine = await h.call('carer', 'POST', `/api/residents/${h.ada.id}/blocks`, {
        number: '02079460009',
        reason: 'keeps selling windows',
      });
      assert.equal(mine.statusCode, 201);
      assert.equal(json(mine).source, 'carer');
      assert.equal(json(mine).residentId, h.ada.id);
      const global = await h.call('admin', 'POST', '/api/blocks', { number: '02079460008', reason: 'courier fraud' });
      assert.equal(global.statusCode, 201);
      assert.equal(json(global).residentId, null);

      const adaBlocks = json(await h.call('carer', 'GET', `/api/residents/${h.ada.id}/blocks`));
      assert.deepEqual(
        adaBlocks.map((b: { number: string }) => b.number),
        ['+442079460009'],
      );
      const globalBlocks = json(await h.call('analyst', 'GET', '/api/blocks'));
      assert.deepEqual(
        globalBlocks.map((b: { number: string }) => b.number),
        ['+442079460008'],
      );
      assert.deepEqual(json(await h.call('admin', 'GET', `/api/residents/${h.bob.id}/blocks`)), []);

      assert.equal((await h.call('carer', 'DELETE', `/api/residents/${h.ada.id}/blocks/02079460009`)).statusCode, 204);
      assert.equal((await h.call('admin', 'DELETE', '/api/blocks/%2B442079460008')).statusCode, 204);
      assert.equal((await h.call('admin', 'DELETE', '/api/blocks/%2B442079460008')).statusCode, 404);
      assert.deepEqual(json(await h.call('admin', 'GET', '/api/blocks')), []);
    } finally {
      await h.close();
    }
  });

  test('refuses bad blocks with 400 and keeps the list as it was', async () => {
    const h = await aHarness();
    try {
      await h.call('admin', 'POST', '/api/blocks', { number: '02079460008', reason: 'courier fraud' });
      const cases: [unknown, RegExp][] = [
        [{ number: '02079460007' }, /^body\.reason: reason is required/],
        [{ number: '123', reason: 'x' }, /short code/],
        [{ number: '02079460007', reason: 'x', residentId: 1 }, /residentId/],
        [{ number: ['02079460007'], reason: 'x' }, /^body\.number: number must be text/],
      ];
      for (const [body, message] of cases) {
        const response = await h.call('admin', 'POST', '/api/blocks', body);
        assert.equal(response.statusCode, 400, response.body);
        assert.match(json(response).message, message);
      }
      const stored = json(await h.call('admin', 'GET', '/api/blocks'));
      assert.deepEqual(
        stored.map((b: { number: string; reason: string }) => [b.number, b.reason]),
        [['+442079460008', 'courier fraud']],
      );
      // Blocking a number that is already blocked updates the reason rather than adding a second entry.
      const again = await h.call('admin', 'POST', '/api/blocks', { number: '+44 20 7946 0008', reason: 'vouchers' });
      assert.equal(again.statusCode, 201);
      assert.deepEqual(
        json(await h.call('admin', 'GET', '/api/blocks')).map((b: { reason: string }) => b.reason),
        ['vouchers'],
      );
    } finally {
      await h.close();
    }
  });
});

describe('Do-Not-Originate list', () => {
  test('imports a DNO CSV, keeps the good lines of one with broken lines and lists what it refused', async () => {
    const h = await aHarness();
    try {
      const csv = [
        'number,owner,department',
        '0300 123 4567,Example Bank,fraud',
        'not-a-number,Nobody,',
        '03001234568,Example Bank,fraud,one column too many',
        '03001234570,Example "Bank",stray quote',
        '999,Police,',
        '+44 300 123 4569,HMRC,',
      ].join('\n');
      const response = await importCsv(h, `${csv}\n`);
      assert.equal(response.statusCode, 200, response.body);
      const result = json(response);
      assert.equal(result.imported, 2);
      assert.equal(result.updated, 0);
      const lines = new Set(result.rejected.map((r: { line: number }) => r.line));
      assert.deepEqual([...lines], [3, 4, 5, 6], JSON.stringify(result.rejected));
      assert.ok(result.rejected.some((r: { line: number; error: string }) => r.line === 3 && /number/.test(r.error)));
      assert.ok(
        result.rejected.some((r: { line: number; error: string }) => r.line === 6 && /short code/.test(r.error)),
      );

      const listed = json(await h.call('analyst', 'GET', '/api/dno'));
      const byNumber = new Map(listed.map((e: { number: string }) => [e.number, e]));
      assert.deepEqual((byNumber.get('+443001234567') as { owner: string; extra: object }).owner, 'Example Bank');
      assert.deepEqual((byNumber.get('+443001234567') as { extra: object }).extra, { department: 'fraud' });
      assert.ok(byNumber.has('+443001234569'));

      const again = json(await importCsv(h, 'number,owner\n03001234567,Example Bank plc\n'));
      assert.deepEqual(again, { imported: 0, updated: 1, rejected: [] });
    } finally {
      await h.close();
    }
  });

  test('refuses a CSV without a number column with 400 and keeps the list already imported', async () => {
    const h = await aHarness();
    try {
      await importCsv(h, 'number,owner\n03001234567,Example Bank\n');
      const response = await importCsv(h, 'phone,owner\n03001234568,Other\n');
      assert.equal(response.statusCode, 400);
      assert.match(json(response).message, /no 'number' column/);
      const listed = json(await h.call('admin', 'GET', '/api/dno'));
      assert.deepEqual(
        listed.map((e: { number: string }) => e.number),
        ['+443001234567'],
      );
    } finally {
      await h.close();
    }
  });

  test('refuses a DNO import sent as JSON with 415 naming text/csv', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('admin', 'POST', '/api/dno/import', { number: '03001234567' });
      assert.equal(response.statusCode, 415);
      assert.match(json(response).message, /text\/csv/);
    } finally {
      await h.close();
    }
  });

  test('accepts a DNO file larger than the 1 MB default body limit', async () => {
    const h = await aHarness();
    try {
      const lines = ['number,owner,notes'];
      for (let i = 0; i < 25_000; i += 1)
        lines.push(`0300${String(1_000_000 + i).padStart(7, '0')},Bank ${i},${'x'.repeat(30)}`);
      const csv = `${lines.join('\n')}\n`;
      assert.ok(csv.length > 1024 * 1024);
      const response = await importCsv(h, csv);
      assert.equal(response.statusCode, 200, response.body.slice(0, 300));
      assert.equal(json(response).imported, 25_000);
    } finally {
      await h.close();
    }
  });
});
