import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aHarness, type Harness, json, type Who } from './http-test-kit.js';

/** A request of the API, with a body where it needs one (built once the harness's residents exist). */
type Probe = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown; csv?: string };

function probes(h: Harness): Record<string, Probe> {
  const ada = h.ada.id;
  const bob = h.bob.id;
  return {
    listResidents: { method: 'GET', url: '/api/residents' },
    addResident: { method: 'POST', url: '/api/residents', body: { number: '020 7946 0100', name: 'Cy' } },
    getAda: { method: 'GET', url: `/api/residents/${ada}` },
    getBob: { method: 'GET', url: `/api/residents/${bob}` },
    renameAda: { method: 'PATCH', url: `/api/residents/${ada}`, body: { name: 'Ada L.' } },
    adaSettings: { method: 'PATCH', url: `/api/residents/${ada}/settings`, body: { withheld: 'voicemail' } },
    removeBob: { method: 'DELETE', url: `/api/residents/${bob}` },
    adaContacts: { method: 'GET', url: `/api/residents/${ada}/contacts` },
    bobContacts: { method: 'GET', url: `/api/residents/${bob}/contacts` },
    addAdaContact: {
      method: 'POST',
      url: `/api/residents/${ada}/contacts`,
      body: { number: '02079460001', name: 'Son' },
    },
    addBobContact: {
      method: 'POST',
      url: `/api/residents/${bob}/contacts`,
      body: { number: '02079460001', name: 'Son' },
    },
    adaBlocks: { method: 'GET', url: `/api/residents/${ada}/blocks` },
    addAdaBlock: {
      method: 'POST',
      url: `/api/residents/${ada}/blocks`,
      body: { number: '02079460009', reason: 'pest' },
    },
    addBobBlock: {
      method: 'POST',
      url: `/api/residents/${bob}/blocks`,
      body: { number: '02079460009', reason: 'pest' },
    },
    globalBlocks: { method: 'GET', url: '/api/blocks' },
    addGlobalBlock: { method: 'POST', url: '/api/blocks', body: { number: '02079460008', reason: 'scam' } },
    removeGlobalBlock: { method: 'DELETE', url: '/api/blocks/02079460008' },
    dno: { method: 'GET', url: '/api/dno' },
    importDno: { method: 'POST', url: '/api/dno/import', csv: 'number,owner\n03001234567,Bank\n' },
    screen: { method: 'POST', url: '/api/screen', body: { from: '02079460002', to: '01279555001' } },
    calls: { method: 'GET', url: '/api/calls' },
    adaCalls: { method: 'GET', url: `/api/calls?residentId=${ada}` },
    bobCalls: { method: 'GET', url: `/api/calls?residentId=${bob}` },
    reports: { method: 'GET', url: '/api/reports' },
    fileAdaReport: { method: 'POST', url: '/api/reports', body: { number: '02079460003', residentId: ada } },
    fileBobReport: { method: 'POST', url: '/api/reports', body: { number: '02079460003', residentId: bob } },
    numberInfo: { method: 'GET', url: '/api/numbers/02079460003' },
  };
}

function request(h: Harness, who: Who, probe: Probe) {
  if (probe.csv !== undefined) {
    return h.send(who, {
      method: probe.method,
      url: probe.url,
      payload: probe.csv,
      headers: { 'content-type': 'text/csv' },
    });
  }
  return h.call(who, probe.method, probe.url, probe.body);
}

/** What the analyst and carer tokens may do; everything else must be 403. */
const allowed: Record<'analyst' | 'carer', string[]> = {
  analyst: [
    'listResidents',
    'getAda',
    'getBob',
    'adaContacts',
    'bobContacts',
    'adaBlocks',
    'globalBlocks',
    'dno',
    'calls',
    'adaCalls',
    'bobCalls',
    'reports',
    'numberInfo',
  ],
  carer: [
    'listResidents',
    'getAda',
    'adaContacts',
    'addAdaContact',
    'adaBlocks',
    'addAdaBlock',
    'calls',
    'adaCalls',
    'reports',
    'fileAdaReport',
  ],
};

describe('authentication', () => {
  test('refuses a request without a token with 401 and WWW-Authenticate: Bearer', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('nobody', 'GET', '/api/residents');
      assert.equal(response.statusCode, 401);
      assert.match(String(response.headers['www-authenticate']), /^Bearer/);
      assert.equal(json(response).error, 'unauthorized');
      assert.match(json(response).message, /Authorization: Bearer/);
    } finally {
      await h.close();
    }
  });

  test('refuses an unknown token with 401 and says the token is not known', async () => {
    const h = await aHarness();
    try {
      const response = await h.send('nobody', {
        method: 'GET',
        url: '/api/residents',
        headers: { authorization: 'Bearer cw_not-a-real-token' },
      });
      assert.equal(response.statusCode, 401);
      assert.match(String(response.headers['www-authenticate']), /^Bearer .*invalid_token/);
      assert.match(json(response).message, /not known/);
    } finally {
      await h.close();
    }
  });

  test('refuses a malformed Authorization header with 401', async () => {
    const h = await aHarness();
    try {
      const response = await h.send('nobody', {
        method: 'GET',
        url: '/api/residents',
        headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
      });
      assert.equal(response.statusCode, 401);
      assert.match(json(response).message, /must be "Bearer <token>"/);
    } finally {
      await h.close();
    }
  });

  test('answers 401, not 400, to a write without a token even when its body is invalid', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('nobody', 'POST', '/api/residents', { name: 42 });
      assert.equal(response.statusCode, 401);
    } finally {
      await h.close();
    }
  });
});

describe('permissions by role', () => {
  test('lets an admin token do everything', async () => {
    const h = await aHarness();
    try {
      // Screen after the carer-reachable probes so it has something to decide; remove Bob last.
      const all = probes(h);
      const order = Object.keys(all).filter((name) => name !== 'removeBob');
      for (const name of [...order, 'removeBob']) {
        const response = await request(h, 'admin', all[name] as Probe);
        assert.ok(response.statusCode < 300, `${name}: ${response.statusCode} ${response.body}`);
      }
    } finally {
      await h.close();
    }
  });

  for (const role of ['analyst', 'carer'] as const) {
    test(`gives an ${role} token 403 (never 401) for everything outside its role, and success inside it`, async () => {
      const h = await aHarness();
      try {
        const all = probes(h);
        for (const [name, probe] of Object.entries(all)) {
          const response = await request(h, role, probe);
          if (allowed[role].includes(name)) {
            assert.ok(response.statusCode < 300, `${role} ${name}: ${response.statusCode} ${response.body}`);
          } else {
            assert.equal(response.statusCode, 403, `${role} ${name}: ${response.body}`);
            assert.equal(json(response).error, 'forbidden');
            assert.equal(response.headers['www-authenticate'], undefined);
          }
        }
      } finally {
        await h.close();
      }
    });
  }

  test("refuses a carer token access to another resident's calls with 403", async () => {
    const h = await aHarness();
    try {
      const screened = await h.call('admin', 'POST', '/api/screen', { from: '02079460002', to: '01279555002' });
      const { callId } = json(screened);
      const byId = await h.call('carer', 'GET', `/api/calls/${callId}`);
      assert.equal(byId.statusCode, 403);
      assert.match(json(byId).message, /may not see or change resident/);
      const list = await h.call('carer', 'GET', `/api/calls?residentId=${h.bob.id}`);
      assert.equal(list.statusCode, 403);
      assert.match(json(list).message, /may not see or change resident/);
      const mine = await h.call('carer', 'GET', '/api/calls');
      assert.deepEqual(json(mine), []);
    } finally {
      await h.close();
    }
  });

  test('answers a carer 403 for a resident that does not exist, so it learns nothing about other residents', async () => {
    const h = await aHarness();
    try {
      assert.equal((await h.call('carer', 'GET', '/api/residents/999')).statusCode, 403);
      assert.equal((await h.call('admin', 'GET', '/api/residents/999')).statusCode, 404);
      assert.equal((await h.call('carer', 'GET', '/api/calls/no-such-call')).statusCode, 403);
      assert.equal((await h.call('analyst', 'GET', '/api/calls/no-such-call')).statusCode, 404);
    } finally {
      await h.close();
    }
  });

  test('lists only the carer’s own residents', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('carer', 'GET', '/api/residents');
      assert.deepEqual(
        json(response).map((r: { id: number }) => r.id),
        [h.ada.id],
      );
    } finally {
      await h.close();
    }
  });

  test('lets an analyst review a report but not file one; a carer may do neither for other residents', async () => {
    const h = await aHarness();
    try {
      const filed = await h.call('admin', 'POST', '/api/reports', { number: '02079460003', residentId: h.bob.id });
      const { id } = json(filed);
      const review = await h.call('analyst', 'POST', `/api/reports/${id}/status`, { status: 'confirmed' });
      assert.equal(review.statusCode, 200);
      assert.equal(json(review).status, 'confirmed');
      assert.equal(
        (await h.call('carer', 'POST', `/api/reports/${id}/status`, { status: 'rejected' })).statusCode,
        403,
      );
      const carerView = await h.call('carer', 'GET', '/api/reports');
      assert.deepEqual(json(carerView), []);
    } finally {
      await h.close();
    }
  });
});
