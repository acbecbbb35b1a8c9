import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type CampaignCall,
  type CampaignInput,
  defaultCampaignThresholds,
  detectCampaigns,
} from './detect-campaigns.js';

let seq = 0;
function aCall(overrides: Partial<Omit<CampaignCall, 'at'>> & { at: string }): CampaignCall {
  seq += 1;
  return {
    callId: `call-${seq}`,
    residentId: 1,
    number: '+442079460001',
    action: 'screen',
    risk: 0.3,
    ...overrides,
    at: new Date(overrides.at),
  };
}

function input(calls: CampaignCall[], overrides: Partial<CampaignInput> = {}): CampaignInput {
  return {
    calls,
    districts: new Map([
      [1, 'CM23'],
      [2, 'CM23'],
      [3, 'CM23'],
      [4, 'SG1'],
      [5, 'SG1'],
      [6, 'CB10'],
    ]),
    reports: [],
    now: new Date('2026-01-15T23:30:00Z'),
    ...overrides,
  };
}

describe('campaign detection', () => {
  test('finds one number calling three residents of CM23 within an hour at night, and explains why', () => {
    const calls = [
      aCall({ residentId: 1, at: '2026-01-15T22:05:00Z', action: 'block', risk: 0.95 }),
      aCall({ residentId: 2, at: '2026-01-15T22:20:00Z' }),
      aCall({ residentId: 3, at: '2026-01-15T22:48:00Z' }),
    ];
    const [campaign, ...rest] = detectCampaigns(input(calls));
    assert.equal(rest.length, 0);
    assert.ok(campaign);
    assert.equal(campaign.key, 'number:+442079460001');
    assert.equal(campaign.kind, 'number');
    assert.equal(campaign.status, 'active');
    assert.deepEqual(campaign.numbers, ['+442079460001']);
    assert.equal(campaign.residentsReached, 3);
    assert.deepEqual(campaign.districts, ['CM23']);
    assert.equal(campaign.flaggedCalls, 1);
    assert.equal(campaign.flaggedShare, 0.333);
    assert.equal(campaign.unusualHourCalls, 3);
    assert.equal(campaign.response, 'block');
    assert.equal(campaign.start.toISOString(), '2026-01-15T22:05:00.000Z');
    assert.equal(campaign.end.toISOString(), '2026-01-15T22:48:00.000Z');
    assert.match(campaign.reason, /^One number \(\+442079460001\) reached 3 residents in CM23/);
    assert.ok(campaign.explanations.some((line) => /3 different residents were called within 60 minutes/.test(line)));
    assert.ok(campaign.explanations.some((line) => /unusual hours \(21:00–08:00\)/.test(line)));
    assert.ok(campaign.explanations.some((line) => /one postcode district \(CM23\)/.test(line)));
    assert.ok(campaign.explanations.some((line) => /1 of 3 calls \(33%\) were flagged/.test(line)));
  });

  test('finds two residents called at night in one district, since unusual hours weigh more', () => {
    const calls = [
      aCall({ residentId: 1, at: '2026-01-15T23:00:00Z' }),
      aCall({ residentId: 2, at: '2026-01-15T23:10:00Z' }),
    ];
    const [campaign] = detectCampaigns(input(calls));
    assert.equal(campaign?.score, 3.5);
  });

  test('does not count two residents called by day in different districts as a campaign', () => {
    const calls = [
      aCall({ residentId: 1, at: '2026-01-15T11:00:00Z' }),
      aCall({ residentId: 4, at: '2026-01-15T11:10:00Z' }),
    ];
    assert.deepEqual(detectCampaigns(input(calls)), []);
  });

  test('finds a range of numbers that differ only in their last three digits reaching five residents', () => {
    const calls = [1, 2, 3, 4, 5].map((residentId) =>
      aCall({
        residentId,
        number: `+44207946012${residentId}`,
        at: `2026-01-15T10:${String(residentId * 9).padStart(2, '0')}:00Z`,
        action: 'block',
        risk: 0.9,
      }),
    );
    const campaigns = detectCampaigns(input(calls, { now: new Date('2026-01-15T11:00:00Z') }));
    assert.equal(campaigns.length, 1);
    const [range] = campaigns;
    assert.equal(range?.kind, 'range');
    assert.equal(range?.key, 'range:+442079460');
    assert.equal(range?.numbers.length, 5);
    assert.deepEqual(range?.districts, ['CM23', 'SG1']);
    assert.equal(range?.flaggedShare, 1);
    assert.match(range?.reason ?? '', /^5 numbers in one range \(\+442079460xxx\) reached 5 residents/);
  });

  test('never makes a campaign of one resident called ten times', () => {
    const calls = Array.from({ length: 10 }, (_, i) =>
      aCall({ residentId: 1, at: `2026-01-15T22:${String(i * 5).padStart(2, '0')}:00Z`, action: 'block', risk: 0.9 }),
    );
    assert.deepEqual(detectCampaigns(input(calls)), []);
  });

  test('does not join calls spread over several days into a campaign', () => {
    const calls = [
      aCall({ residentId: 1, at: '2026-01-12T10:00:00Z' }),
      aCall({ residentId: 4, at: '2026-01-13T10:00:00Z' }),
      aCall({ residentId: 6, at: '2026-01-14T10:00:00Z' }),
      aCall({ residentId: 5, at: '2026-01-15T10:00:00Z' }),
    ];
    assert.deepEqual(detectCampaigns(input(calls)), []);
  });

  test('finds one script reported from calls by different numbers to five residents', () => {
    const calls = [1, 2, 3, 4, 6].map((residentId) =>
      aCall({
        residentId,
        number: `+4479${residentId}0000000${residentId}`.slice(0, 13),
        at: `2026-01-15T14:${String(residentId * 5).padStart(2, '0')}:00Z`,
      }),
    );
    const reports = calls.map((call) => ({ number: call.number, callId: call.callId, type: 'courier-fraud' }));
    const campaigns = detectCampaigns(input(calls, { reports, now: new Date('2026-01-15T15:00:00Z') }));
    const script = campaigns.find((campaign) => campaign.kind === 'script');
    assert.ok(script, JSON.stringify(campaigns));
    assert.equal(script.key, 'script:courier-fraud');
    assert.equal(script.flaggedShare, 1);
    assert.equal(script.response, 'block');
  });

  test('marks a campaign ended once its last call is older than the end-after time', () => {
    const calls = [1, 2, 3].map((residentId) => aCall({ residentId, at: `2026-01-15T10:0${residentId}:00Z` }));
    const [campaign] = detectCampaigns(input(calls, { now: new Date('2026-01-15T16:00:00Z') }));
    assert.equal(campaign?.status, 'ended');
  });

  test('only monitors a daytime campaign whose calls were not flagged', () => {
    const calls = [1, 2, 4].map((residentId) => aCall({ residentId, at: `2026-01-15T10:0${residentId}:00Z` }));
    const [campaign] = detectCampaigns(input(calls, { now: new Date('2026-01-15T10:30:00Z') }));
    assert.equal(campaign?.response, 'monitor');
    assert.equal(campaign?.flaggedShare, 0);
  });

  test('takes its thresholds as data', () => {
    const calls = [1, 4].map((residentId) => aCall({ residentId, at: `2026-01-15T10:0${residentId}:00Z` }));
    assert.deepEqual(detectCampaigns(input(calls)), []);
    const lenient = { ...defaultCampaignThresholds, numberResidents: 2 };
    assert.equal(detectCampaigns(input(calls), lenient).length, 1);
  });
});
