import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { E164 } from '../numbers/phone-number.js';
import type { Store } from '../store/store.js';
import { aHarness, json } from './http-test-kit.js';

const scammer = '+442079460001' as E164;

async function aCampaign(store: Store) {
  const campaign = await store.saveCampaign({
    key: `number:${scammer}`,
    kind: 'number',
    status: 'active',
    response: 'block',
    start: new Date('2026-01-15T22:05:00Z'),
    end: new Date('2026-01-15T22:48:00Z'),
    numbers: [scammer],
    residentsReached: 3,
    districts: ['CM23'],
    calls: 3,
    flaggedCalls: 1,
    flaggedShare: 0.333,
    reason: 'One number reached 3 residents in CM23',
    explanations: ['3 different residents were called within 60 minutes'],
  });
  await store.addBlock({ number: scammer, reason: 'scam campaign', source: 'campaign', residentId: null });
  return campaign;
}

describe('campaigns over HTTP', () => {
  test('lists campaigns with numbers, residents reached, districts, flagged share and reason', async () => {
    const h = await aHarness();
    try {
      const campaign = await aCampaign(h.store);
      const response = await h.call('analyst', 'GET', '/api/campaigns');
      assert.equal(response.statusCode, 200, response.body);
      const [listed] = json(response);
      assert.equal(listed.id, campaign.id);
      assert.equal(listed.status, 'active');
      assert.equal(listed.end, null);
      assert.equal(listed.lastCallAt, '2026-01-15T22:48:00.000Z');
      assert.deepEqual(listed.numbers, [scammer]);
      assert.equal(listed.residentsReached, 3);
      assert.deepEqual(listed.districts, ['CM23']);
      assert.equal(listed.flaggedShare, 0.333);
      assert.match(listed.reason, /3 residents/);
      assert.deepEqual(json(await h.call('admin', 'GET', '/api/campaigns?status=dismissed')), []);
      assert.equal(json(await h.call('admin', 'GET', `/api/campaigns/${campaign.id}`)).id, campaign.id);
      assert.equal((await h.call('admin', 'GET', '/api/campaigns/999')).statusCode, 404);
    } finally {
      await h.close();
    }
  });

  test('dismisses a campaign, lifting its block, and records who did it', async () => {
    const h = await aHarness();
    try {
      const campaign = await aCampaign(h.store);
      const response = await h.call('analyst', 'POST', `/api/campaigns/${campaign.id}/status`, {
        status: 'dismissed',
        reason: 'a charity appeal',
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(json(response).status, 'dismissed');
      assert.notEqual(json(response).end, null);
      assert.equal(await h.store.findBlock(scammer, null), null);
      const audit = json(await h.call('admin', 'GET', '/api/audit'));
      assert.deepEqual(
        audit.map((e: { action: string }) => e.action),
        ['campaign.unblock', 'campaign.status'],
      );
      const entry = audit[1];
      assert.equal(entry.actorName, 'analyst');
      assert.match(entry.actor, /^token:\d+$/);
      assert.deepEqual(entry.after, { status: 'dismissed' });
    } finally {
      await h.close();
    }
  });

  test('refuses an unknown campaign with 404, a bad status or id with 400, carers with 403 and no token with 401', async () => {
    const h = await aHarness();
    try {
      const campaign = await aCampaign(h.store);
      const unknown = await h.call('admin', 'POST', '/api/campaigns/999/status', { status: 'confirmed' });
      assert.equal(unknown.statusCode, 404);
      assert.match(json(unknown).message, /no campaign with id 999/);
      const bad = await h.call('admin', 'POST', `/api/campaigns/${campaign.id}/status`, { status: 'active' });
      assert.equal(bad.statusCode, 400);
      assert.match(json(bad).message, /^body\.status: /);
      const badId = await h.call('admin', 'POST', '/api/campaigns/abc/status', { status: 'confirmed' });
      assert.equal(badId.statusCode, 400);
      assert.equal((await h.call('carer', 'GET', '/api/campaigns')).statusCode, 403);
      const carer = await h.call('carer', 'POST', `/api/campaigns/${campaign.id}/status`, { status: 'dismissed' });
      assert.equal(carer.statusCode, 403);
      assert.equal((await h.call('nobody', 'GET', '/api/campaigns')).statusCode, 401);
      assert.equal((await h.store.getCampaign(campaign.id))?.status, 'active');
      const badQuery = await h.call('admin', 'GET', '/api/campaigns?since=yesterday');
      assert.equal(badQuery.statusCode, 400);
      assert.match(json(badQuery).message, /^querystring\.since: since must be a date/);
    } finally {
      await h.close();
    }
  });

  test('scans on demand for analysts only, and says so where the service runs no campaign watch', async () => {
    const h = await aHarness();
    try {
      assert.equal((await h.call('carer', 'POST', '/api/campaigns/scan')).statusCode, 403);
      assert.equal((await h.call('nobody', 'POST', '/api/campaigns/scan')).statusCode, 401);
      // This harness has no watch (the whole service has one: test/web/dashboard.test.ts scans through this route).
      const response = await h.call('analyst', 'POST', '/api/campaigns/scan');
      assert.equal(response.statusCode, 400);
      assert.match(json(response).message, /campaign scanning is not available here/);
    } finally {
      await h.close();
    }
  });
});

describe('analyst verdicts over HTTP', () => {
  test('confirms and clears a number, each audited with before and after', async () => {
    const h = await aHarness();
    try {
      const confirmed = await h.call('analyst', 'POST', '/api/numbers/020%207946%200005/confirm', {
        reason: 'courier fraud',
      });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      assert.equal(json(confirmed).number, '+442079460005');
      assert.equal(json(confirmed).after.blocked.source, 'analyst');
      const screened = json(await h.call('admin', 'POST', '/api/screen', { from: '02079460005', to: '01279555002' }));
      assert.equal(screened.action, 'block');
      const cleared = await h.call('admin', 'POST', '/api/numbers/02079460005/clear', { reason: 'the surgery' });
      assert.equal(cleared.statusCode, 200, cleared.body);
      assert.equal(json(cleared).after.blocked, null);
      const audit = json(await h.call('analyst', 'GET', '/api/audit?number=02079460005'));
      assert.deepEqual(
        audit.map((entry: { action: string }) => entry.action),
        ['number.clear', 'number.confirm'],
      );
      assert.equal(audit[1].reason, 'courier fraud');
      assert.equal(audit[1].before.blocked, null);
      assert.equal(json(await h.call('analyst', 'GET', '/api/audit?limit=1')).length, 1);
    } finally {
      await h.close();
    }
  });

  test('refuses verdicts without a reason, on bad numbers, from carers and without a token', async () => {
    const h = await aHarness();
    try {
      const noReason = await h.call('analyst', 'POST', '/api/numbers/02079460005/confirm', {});
      assert.equal(noReason.statusCode, 400);
      assert.match(json(noReason).message, /^body\.reason: reason is required/);
      const badNumber = await h.call('analyst', 'POST', '/api/numbers/call-me/clear', { reason: 'x' });
      assert.equal(badNumber.statusCode, 400);
      assert.match(json(badNumber).message, /^number: /);
      const carer = await h.call('carer', 'POST', '/api/numbers/02079460005/confirm', { reason: 'x' });
      assert.equal(carer.statusCode, 403);
      assert.equal((await h.call('nobody', 'POST', '/api/numbers/02079460005/clear', { reason: 'x' })).statusCode, 401);
      assert.equal((await h.call('carer', 'GET', '/api/audit')).statusCode, 403);
      assert.equal((await h.call('nobody', 'GET', '/api/audit')).statusCode, 401);
      assert.deepEqual(json(await h.call('admin', 'GET', '/api/audit')), []);
    } finally {
      await h.close();
    }
  });
});

describe('figures over HTTP', () => {
  test('publishes reports and losses by type, month and area for a period and district', async () => {
    const h = await aHarness();
    try {
      await h.call('admin', 'POST', '/api/reports', {
        number: '02079460003',
        residentId: h.ada.id,
        type: 'courier-fraud',
        lossPounds: 2500,
      });
      await h.call('admin', 'POST', '/api/reports', { number: '02079460004', residentId: h.bob.id, type: 'vouchers' });
      const all = await h.call('analyst', 'GET', '/api/figures');
      assert.equal(all.statusCode, 200, all.body);
      assert.equal(json(all).reports.reports, 2);
      assert.equal(json(all).reports.lossPounds, 2500);
      assert.equal(json(all).topReportedNumbers.length, 2);
      const cm23 = json(await h.call('admin', 'GET', '/api/figures?area=cm23&since=2020-01-01'));
      assert.equal(cm23.area, 'CM23');
      assert.deepEqual(cm23.reports.byType, [{ type: 'courier-fraud', reports: 1, lossPounds: 2500 }]);
      assert.deepEqual(cm23.campaigns.byStatus, { active: 0, ended: 0, confirmed: 0, dismissed: 0 });
      const future = json(await h.call('admin', 'GET', '/api/figures?since=2999-01-01'));
      assert.equal(future.reports.reports, 0);
    } finally {
      await h.close();
    }
  });

  test('refuses bad dates, areas and periods with 400, carers with 403 and no token with 401', async () => {
    const h = await aHarness();
    try {
      for (const [url, message] of [
        ['/api/figures?since=soon', /^querystring\.since: since must be a date/],
        ['/api/figures?area=London', /^querystring\.area: area must be a UK postcode district/],
        ['/api/figures?since=2026-02-01&until=2026-01-01', /since must be before until/],
      ] as const) {
        const response = await h.call('analyst', 'GET', url);
        assert.equal(response.statusCode, 400, response.body);
        assert.match(json(response).message, message);
      }
      assert.equal((await h.call('carer', 'GET', '/api/figures')).statusCode, 403);
      assert.equal((await h.call('nobody', 'GET', '/api/figures')).statusCode, 401);
    } finally {
      await h.close();
    }
  });
});
