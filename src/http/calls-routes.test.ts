import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aHarness, json } from './http-test-kit.js';

describe('screening decisions', () => {
  test('decides a call from an unknown caller as the CLI would: screen, with reasons, resident and call id', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('admin', 'POST', '/api/screen', { from: '020 7946 0002', to: '01279 555001' });
      assert.equal(response.statusCode, 200);
      const decision = json(response);
      assert.equal(decision.action, 'screen');
      assert.ok(decision.risk >= 0 && decision.risk <= 1);
      assert.equal(decision.reasons[0].code, 'unknown-caller');
      assert.equal(typeof decision.reasons[0].text, 'string');
      assert.equal(decision.resident, h.ada.id);
      assert.deepEqual(Object.keys(decision).sort(), ['action', 'callId', 'reasons', 'resident', 'risk']);
      const logged = await h.call('admin', 'GET', `/api/calls/${decision.callId}`);
      assert.equal(logged.statusCode, 200);
      assert.equal(json(logged).action, 'screen');
      assert.equal(json(logged).presented, '020 7946 0002');
    } finally {
      await h.close();
    }
  });

  test('rings a trusted contact through and blocks a caller ID on the DNO list', async () => {
    const h = await aHarness();
    try {
      await h.call('carer', 'POST', `/api/residents/${h.ada.id}/contacts`, { number: '02079460001', name: 'Son' });
      await h.send('admin', {
        method: 'POST',
        url: '/api/dno/import',
        payload: 'number,owner\n03001234567,Example Bank\n',
        headers: { 'content-type': 'text/csv' },
      });
      const contact = json(await h.call('admin', 'POST', '/api/screen', { from: '+442079460001', to: '01279555001' }));
      assert.equal(contact.action, 'ring');
      assert.equal(contact.reasons[0].code, 'trusted-contact');
      const spoofed = json(await h.call('admin', 'POST', '/api/screen', { from: '03001234567', to: '01279555001' }));
      assert.equal(spoofed.action, 'block');
      assert.equal(spoofed.reasons[0].code, 'do-not-originate');
      const withheld = await h.call('admin', 'POST', '/api/screen', {
        from: 'anonymous',
        to: '01279555001',
        withheld: true,
        at: '2026-08-01T10:00:00Z',
        attestation: null,
      });
      assert.equal(json(withheld).reasons[0].code, 'withheld');
      const call = json(await h.call('admin', 'GET', `/api/calls/${json(withheld).callId}`));
      assert.equal(call.at, '2026-08-01T10:00:00.000Z');
    } finally {
      await h.close();
    }
  });

  test('refuses bad screening requests with 400 naming the field, and an unknown line with 404', async () => {
    const h = await aHarness();
    try {
      const cases: [unknown, RegExp][] = [
        [{ from: '02079460002' }, /^body\.to: number is required/],
        [{ to: '01279555001' }, /^body\.from: from is required/],
        [{ from: '02079460002', to: '01279555001', at: 'yesterday' }, /^body\.at: at must be a date/],
        [
          { from: '02079460002', to: '01279555001', withheld: 'yes' },
          /^body\.withheld: withheld must be true or false/,
        ],
        [{ from: '02079460002', to: '01279555001', attestation: 'A' }, /^body\.attestation: /],
        [{ from: '02079460002', to: 'nowhere' }, /^to: /],
      ];
      for (const [body, message] of cases) {
        const response = await h.call('admin', 'POST', '/api/screen', body);
        assert.equal(response.statusCode, 400, response.body);
        assert.match(json(response).message, message);
      }
      const unknown = await h.call('admin', 'POST', '/api/screen', { from: '02079460002', to: '02079460050' });
      assert.equal(unknown.statusCode, 404);
      assert.match(json(unknown).message, /does not protect that line/);
      assert.deepEqual(json(await h.call('admin', 'GET', '/api/calls')), []);
    } finally {
      await h.close();
    }
  });
});

describe('call log', () => {
  test('lists calls newest first, filtered by resident, time range and limit', async () => {
    const h = await aHarness();
    try {
      const screen = (to: string, at: string) =>
        h.call('admin', 'POST', '/api/screen', { from: '02079460002', to, at });
      await screen('01279555001', '2026-08-01T09:00:00Z');
      await screen('01279555002', '2026-08-02T09:00:00Z');
      await screen('01279555001', '2026-08-03T09:00:00Z');
      const times = (body: { at: string }[]) => body.map((c) => c.at.slice(0, 10));
      assert.deepEqual(times(json(await h.call('analyst', 'GET', '/api/calls'))), [
        '2026-08-03',
        '2026-08-02',
        '2026-08-01',
      ]);
      assert.deepEqual(times(json(await h.call('analyst', 'GET', `/api/calls?residentId=${h.ada.id}`))), [
        '2026-08-03',
        '2026-08-01',
      ]);
      assert.deepEqual(
        times(json(await h.call('analyst', 'GET', '/api/calls?since=2026-08-02&until=2026-08-03T00:00:00Z'))),
        ['2026-08-02'],
      );
      assert.deepEqual(times(json(await h.call('analyst', 'GET', '/api/calls?limit=1'))), ['2026-08-03']);
      assert.deepEqual(times(json(await h.call('carer', 'GET', '/api/calls'))), ['2026-08-03', '2026-08-01']);
    } finally {
      await h.close();
    }
  });

  test('refuses bad call-log queries with 400 naming the parameter', async () => {
    const h = await aHarness();
    try {
      const cases: [string, RegExp][] = [
        ['/api/calls?limit=0', /^querystring\.limit: limit must be at least 1/],
        ['/api/calls?limit=lots', /^querystring\.limit: limit must be a whole number/],
        ['/api/calls?since=last-week', /^querystring\.since: since must be a date/],
        ['/api/calls?residentId=-1', /^querystring\.residentId: /],
      ];
      for (const [url, message] of cases) {
        const response = await h.call('admin', 'GET', url);
        assert.equal(response.statusCode, 400, response.body);
        assert.match(json(response).message, message);
      }
    } finally {
      await h.close();
    }
  });

  test('answers 404 for a call id that is not in the log', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('admin', 'GET', '/api/calls/nope');
      assert.equal(response.statusCode, 404);
      assert.match(json(response).message, /no call with id nope/);
    } finally {
      await h.close();
    }
  });
});
