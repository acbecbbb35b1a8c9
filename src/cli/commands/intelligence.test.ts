/**
 * The intelligence commands end to end: the real `callwarden` program against a real SQLite file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fails, ok } from '../cli-test-kit.js';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('callwarden campaigns, number confirm/clear, audit and figures', () => {
  test('scans the call log for a campaign, lists it, blocks its number for everyone, and audits verdicts', () => {
    const data = join(mkdtempSync(join(tmpdir(), 'cw-intel-cli-')), 'data');
    for (const [i, postcode] of ['CM23 2AB', 'CM23 3CD', 'CM23 4EF', 'SG1 1AA'].entries()) {
      ok(data, ['resident', 'add', '--number', `0127955500${i + 1}`, '--name', `R${i + 1}`, '--postcode', postcode]);
    }
    for (const [i, ago] of [30, 20, 10].entries()) {
      ok(data, ['screen', '--from', '020 7946 0001', '--to', `0127955500${i + 1}`, '--at', minutesAgo(ago), '--json']);
    }
    ok(data, ['report', 'add', '--number', '020 7946 0001', '--resident', '01279555001', '--type', 'courier-fraud']);

    const scan = ok(data, ['campaigns', 'scan', '--json']);
    assert.equal(scan.created.length, 1);
    const [campaign] = ok(data, ['campaigns', 'list', '--json']);
    for (const field of [
      'id',
      'status',
      'start',
      'end',
      'numbers',
      'residentsReached',
      'districts',
      'flaggedShare',
      'reason',
    ]) {
      assert.ok(field in campaign, `campaigns list --json lacks ${field}`);
    }
    assert.equal(campaign.status, 'active');
    assert.deepEqual(campaign.numbers, ['+442079460001']);
    assert.equal(campaign.residentsReached, 3);
    assert.deepEqual(campaign.districts, ['CM23']);
    assert.equal(campaign.flaggedShare, 1);
    const screened = ok(data, ['screen', '--from', '02079460001', '--to', '01279555004', '--json']);
    assert.equal(screened.action, 'block');

    const figures = ok(data, ['figures', '--area', 'cm23', '--json']);
    assert.equal(figures.area, 'CM23');
    assert.equal(figures.reports.byType[0].type, 'courier-fraud');
    assert.equal(figures.calls.total, 3);
    assert.equal(figures.campaigns.total, 1);

    const cleared = ok(data, ['number', 'clear', '020 7946 0001', '--reason', 'the GP surgery', '--json']);
    assert.equal(cleared.after.blocked, null);
    const audit = ok(data, ['audit', 'list', '--json']);
    assert.equal(audit[0].action, 'number.clear');
    assert.equal(audit[0].actor, 'cli');
    assert.equal(audit[0].reason, 'the GP surgery');
    assert.equal(audit[0].before.blocked.source, 'campaign');
    const confirmed = ok(data, ['number', 'confirm', '02079460001', '--reason', 'it was not', '--json']);
    assert.equal(confirmed.after.blocked.source, 'analyst');
    assert.equal(ok(data, ['audit', 'list', '--number', '02079460001', '--json']).length, 3);
  });

  test('refuses bad input with a message naming the problem', () => {
    const data = join(mkdtempSync(join(tmpdir(), 'cw-intel-cli-')), 'data');
    fails(data, ['number', 'confirm', '02079460001'], /--reason/);
    fails(data, ['number', 'clear', '999', '--reason', 'x'], /short code/);
    fails(data, ['figures', '--since', 'soon'], /--since must be a date/);
    fails(data, ['figures', '--area', 'London'], /--area must be a UK postcode district/);
    fails(data, ['figures', '--since', '2026-02-01', '--until', '2026-01-01'], /since must be before until/);
    fails(data, ['campaigns', 'list', '--status', 'maybe'], /--status must be one of/);
    assert.deepEqual(ok(data, ['campaigns', 'list', '--json']), []);
    assert.deepEqual(ok(data, ['audit', 'list', '--json']), []);
  });
});
