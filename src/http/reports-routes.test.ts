import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aHarness, json } from './http-test-kit.js';

describe('reports', () => {
  test('files a report for a resident with type, loss and text, and returns it with ISO date and pounds', async () => {
    const h = await aHarness();
    try {
      const response = await h.call('carer', 'POST', '/api/reports', {
        number: '020 7946 0003',
        residentId: h.ada.id,
        type: 'courier-fraud',
        lossPounds: 2500.5,
        text: 'Said he was from the bank and sent a courier',
      });
      assert.equal(response.statusCode, 201, response.body);
      const report = json(response);
      assert.equal(report.number, '+442079460003');
      assert.equal(report.presented, '020 7946 0003');
      assert.equal(report.residentId, h.ada.id);
      assert.equal(report.reporterKind, 'carer');
      assert.equal(report.lossPence, 250050);
      assert.equal(report.lossPounds, 2500.5);
      assert.equal(report.status, 'open');
      assert.ok(!Number.isNaN(Date.parse(report.createdAt)));
    } finally {
      await h.close();
    }
  });

  test('files a report from a call in the log for the resident that call was to', async () => {
    const h = await aHarness();
    try {
      const { callId } = json(await h.call('admin', 'POST', '/api/screen', { from: '02079460003', to: '01279555001' }));
      const response = await h.call('carer', 'POST', '/api/reports', { number: '02079460003', callId });
      assert.equal(response.statusCode, 201, response.body);
      assert.equal(json(response).residentId, h.ada.id);
      assert.equal(json(response).callId, callId);
      const unknownCall = await h.call('carer', 'POST', '/api/reports', { number: '02079460003', callId: 'nope' });
      assert.equal(unknownCall.statusCode, 400);
      assert.match(json(unknownCall).message, /^callId: there is no call/);
    } finally {
      await h.close();
    }
  });

  test('refuses bad reports with 400 naming the field and stores none of them', async () => {
    const h = await aHarness();
    try {
      await h.call('admin', 'POST', '/api/reports', { number: '02079460003', residentId: h.ada.id });
      const cases: [unknown, RegExp][] = [
        [{ residentId: h.ada.id }, /^body\.number: number is required/],
        [{ number: '02079460003', type: 'lottery' }, /^body\.type: /],
        [{ number: '02079460003', lossPounds: -5 }, /^body\.lossPounds: lossPounds must not be negative/],
        [{ number: '02079460003', lossPounds: 'lots' }, /^body\.lossPounds: lossPounds must be a number/],
        [{ number: '02079460003', residentId: 'Ada' }, /^body\.residentId: residentId must be a whole number/],
        [{ number: 'abc' }, /^number: /],
      ];
      for (const [body, message] of cases) {
        const response = await h.call('admin', 'POST', '/api/reports', body);
        assert.equal(response.statusCode, 400, response.body);
        assert.match(json(response).message, message);
      }
      assert.equal(json(await h.call('admin', 'GET', '/api/reports')).length, 1);
    } finally {
      await h.close();
    }
  });

  test('exports reports as JSON or CSV, filtered by area and type', async () => {
    const h = await aHarness();
    try {
      await h.call('admin', 'POST', '/api/reports', { number: '02079460003', residentId: h.ada.id, type: 'vouchers' });
      await h.call('admin', 'POST', '/api/reports', {
        number: '02079460004',
        residentId: h.bob.id,
        type: 'courier-fraud',
        text: 'He said "hand over your card", then hung up',
      });
      const all = json(await h.call('analyst', 'GET', '/api/reports'));
      assert.equal(all.length, 2);
      const inCm23 = json(await h.call('analyst', 'GET', '/api/reports?area=cm23'));
      assert.deepEqual(
        inCm23.map((r: { number: string }) => r.number),
        ['+442079460003'],
      );
      const couriers = json(await h.call('analyst', 'GET', '/api/reports?type=courier-fraud'));
      assert.deepEqual(
        couriers.map((r: { number: string }) => r.number),
        ['+442079460004'],
      );
      const future = json(await h.call('analyst', 'GET', '/api/reports?since=2999-01-01'));
      assert.deepEqual(future, []);

      const csv = await h.call('analyst', 'GET', '/api/reports?format=csv');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      const lines = csv.body.trimEnd().split('\r\n');
      assert.equal(
        lines[0],
        'report_id,date_time,caller_number,presented_as,type,amount_lost_gbp,area,summary,evidence_reference,status',
      );
      assert.equal(lines.length, 3);
      assert.ok(lines.some((line) => line.includes('"He said ""hand over your card"", then hung up"')));
      const carerCsv = await h.call('carer', 'GET', '/api/reports?format=csv');
      assert.equal(carerCsv.body.trimEnd().split('\r\n').length, 2);
    } finally {
      await h.close();
    }
  });

  test('refuses bad report queries with 400 naming the parameter', async () => {
    const h = await aHarness();
    try {
      for (const [url, message] of [
        ['/api/reports?format=xml', /^querystring\.format: /],
        ['/api/reports?type=lottery', /^querystring\.type: /],
        ['/api/reports?area=London', /^querystring\.area: area must be a UK postcode district/],
        ['/api/reports?until=soon', /^querystring\.until: until must be a date/],
      ] as const) {
        const response = await h.call('analyst', 'GET', url);
        assert.equal(response.statusCode, 400, response.body);
        assert.match(json(response).message, message);
      }
    } finally {
      await h.close();
    }
  });

  test('sets a report status on review, and answers 404 for an unknown report and 400 for an unknown status', async () => {
    const h = await aHarness();
    try {
      const { id } = json(await h.call('admin', 'POST', '/api/reports', { number: '02079460003' }));
      const rejected = await h.call('analyst', 'POST', `/api/reports/${id}/status`, { status: 'rejected' });
      assert.equal(rejected.statusCode, 200);
      assert.equal(json(rejected).status, 'rejected');
      const unknown = await h.call('analyst', 'POST', '/api/reports/9999/status', { status: 'confirmed' });
      assert.equal(unknown.statusCode, 404);
      const bad = await h.call('analyst', 'POST', `/api/reports/${id}/status`, { status: 'maybe' });
      assert.equal(bad.statusCode, 400);
      assert.match(json(bad).message, /^body\.status: /);
      assert.equal(json(await h.call('analyst', 'GET', '/api/reports'))[0].status, 'rejected');
    } finally {
      await h.close();
    }
  });
});

describe('number intelligence', () => {
  test('explains what is known about a number given URL-encoded in any form', async () => {
    const h = await aHarness();
    try {
      await h.call('admin', 'POST', '/api/blocks', { number: '02079460008', reason: 'courier fraud' });
      await h.call('admin', 'POST', '/api/reports', { number: '02079460008', residentId: h.ada.id });
      for (const form of ['%2B442079460008', '020%207946%200008', '02079460008']) {
        const response = await h.call('analyst', 'GET', `/api/numbers/${form}`);
        assert.equal(response.statusCode, 200, response.body);
        const shown = json(response);
        assert.equal(shown.number, '+442079460008');
        assert.equal(shown.blocked.reason, 'courier fraud');
        assert.ok(!Number.isNaN(Date.parse(shown.blocked.since)));
        assert.equal(shown.reports.length, 1);
        assert.ok(shown.why.some((line: string) => /block list/.test(line)));
      }
      const emergency = json(await h.call('analyst', 'GET', '/api/numbers/999'));
      assert.ok(emergency.special);
      const bad = await h.call('analyst', 'GET', '/api/numbers/call-me');
      assert.equal(bad.statusCode, 400);
      assert.match(json(bad).message, /^number: /);
    } finally {
      await h.close();
    }
  });
});
