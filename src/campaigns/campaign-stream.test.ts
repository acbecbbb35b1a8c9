import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type CampaignCall,
  type CampaignThresholds,
  createCampaignStream,
  type DetectedCampaign,
  defaultCampaignThresholds,
  detectCampaigns,
} from './detect-campaigns.js';
import { burstReports, type SyntheticBurst, seededRandom, syntheticCalls, syntheticWorld } from './synthetic-calls.js';

/** 6,000 residents in 60 districts (100 each), three GP surgeries per district, ordinary traffic for one day. */
const world = syntheticWorld({ residents: 6000, districts: 60 });
const day = new Date('2026-03-10T00:00:00Z');
const district = world.districtNames[17] ?? '';
const numberBurst: SyntheticBurst = {
  at: new Date('2026-03-10T14:10:00Z'),
  district,
  residents: 40,
  minutes: 30,
  numbers: ['+447700900123'],
};
const rangeDistrict = world.districtNames[42] ?? '';
const rangeBurst: SyntheticBurst = {
  at: new Date('2026-03-10T10:00:00Z'),
  district: rangeDistrict,
  residents: 40,
  minutes: 30,
  numbers: Array.from({ length: 8 }, (_, i) => `+44203000${String(100 + i * 37)}`),
  action: 'block',
  risk: 0.9,
};

function run(bursts: SyntheticBurst[], reports = burstReportsOf(bursts)) {
  const calls = [...syntheticCalls(world, { start: day, days: 1, callsPerDay: 30_000, bursts, seed: 7 })];
  const campaigns = detectCampaigns({
    calls,
    districts: new Map(Array.from({ length: world.residents }, (_, i) => [i + 1, world.districtOf(i + 1)])),
    reports,
    now: new Date('2026-03-11T00:00:00Z'),
  });
  return { calls, campaigns };
}

function burstReportsOf(bursts: SyntheticBurst[]) {
  return bursts.flatMap((burst, id) => burstReports(world, burst, id, 'courier-fraud'));
}

describe('campaign detection on generated call streams', () => {
  test('ordinary traffic — contacts, GP surgeries, unknown and repeat callers — makes no campaign', () => {
    const { calls, campaigns } = run([]);
    assert.ok(calls.length >= 29_000, `${calls.length} calls`);
    const numbers = new Set(calls.map((call) => call.number));
    const residents = new Set(calls.map((call) => call.residentId));
    const districts = new Set([...residents].map((id) => world.districtOf(id ?? 0)));
    assert.ok(numbers.size > 15_000, `${numbers.size} different numbers`);
    assert.ok(residents.size > 5000, `${residents.size} residents called`);
    assert.equal(districts.size, 60);
    // Surgeries ring many of their patients every hour, and some callers ring the same resident again.
    const surgeryCalls = calls.filter((call) => call.number?.startsWith('+441279')).length;
    assert.ok(surgeryCalls > 2000, `${surgeryCalls} calls from GP surgeries`);
    const pairs = new Map<string, number>();
    for (const call of calls) {
      if (call.trusted || call.number === null) continue;
      const key = `${call.number}>${call.residentId}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    assert.ok([...pairs.values()].filter((n) => n > 1).length > 500, 'repeat callers');
    assert.deepEqual(
      campaigns.map((c) => c.reason),
      [],
    );
  });

  test('finds 40 residents of one district called by one number within 30 minutes, and nothing else', () => {
    const { campaigns } = run([numberBurst]);
    // The number, and the script the residents who reported those calls named; nothing in the ordinary traffic.
    assert.deepEqual(
      campaigns.map((c) => c.key),
      ['number:+447700900123', 'script:courier-fraud'],
      JSON.stringify(campaigns.map((c) => c.reason)),
    );
    const [campaign, script] = campaigns as [DetectedCampaign, DetectedCampaign];
    assert.equal(script.residentsReached, 10);
    assert.deepEqual(script.districts, [district]);
    assert.equal(campaign.key, 'number:+447700900123');
    assert.deepEqual(campaign.numbers, ['+447700900123']);
    assert.deepEqual(campaign.districts, [district]);
    assert.equal(campaign.residentsReached, 40);
    assert.deepEqual(campaign.residentIds, world.residentsIn(district).slice(0, 40));
    assert.equal(campaign.start.toISOString(), '2026-03-10T14:10:00.000Z');
    assert.equal(campaign.end.toISOString(), '2026-03-10T14:40:00.000Z');
    assert.equal(campaign.status, 'ended');
    assert.equal(campaign.score, 40.5);
    // One call in four was reported: flagged, so the number is blocked while the campaign is active.
    assert.equal(campaign.flaggedShare, 0.25);
    assert.match(campaign.reason, new RegExp(`^One number \\(\\+447700900123\\) reached 40 residents in ${district}`));
    assert.ok(campaign.explanations.some((line) => line.includes(`one postcode district (${district})`)));
  });

  test('finds a range of eight numbers, and the script its victims reported, besides the single number', () => {
    const { campaigns } = run([rangeBurst, numberBurst]);
    const byKey = new Map(campaigns.map((c) => [c.key, c]));
    assert.deepEqual([...byKey.keys()].sort(), [
      ...rangeBurst.numbers.map((n) => `number:${n}`),
      'number:+447700900123',
      'range:+44203000',
      'script:courier-fraud',
    ]);
    const range = byKey.get('range:+44203000');
    assert.equal(range?.kind, 'range');
    assert.equal(range?.numbers.length, 8);
    assert.deepEqual(range?.districts, [rangeDistrict]);
    assert.equal(range?.residentsReached, 40);
    assert.equal(range?.response, 'block');
    // Each of the range's numbers reached five residents of one district too: a campaign of its own.
    assert.equal(byKey.get(`number:${rangeBurst.numbers[0]}`)?.residentsReached, 5);
    // Residents reported both bursts as courier fraud; the bursts are hours apart, so two script campaigns.
    const scripts = campaigns.filter((c) => c.kind === 'script');
    assert.deepEqual(
      scripts.map((c) => c.districts),
      [[rangeDistrict], [district]],
    );
  });

  test('a burst from a trusted contact of the residents called is never a campaign', () => {
    const { campaigns } = run([{ ...numberBurst, numbers: [world.contactsOf(1)[0] ?? ''] }], []);
    // The burst number is an ordinary mobile here: only calls marked trusted are skipped, so it is found…
    assert.equal(campaigns.length, 1);
    const stream = createCampaignStream({ districts: world.districtOf, reports: [], now: day });
    for (const call of syntheticCalls(world, { start: day, days: 1, callsPerDay: 5000, bursts: [numberBurst] })) {
      stream.push(call.callId.startsWith('burst') ? { ...call, trusted: true } : call);
    }
    // … and when screening rang those calls through as a contact's, it is not.
    assert.deepEqual(stream.finish(), []);
  });

  test('keeps state only for the callers of the last two hours, whatever the length of the stream', () => {
    const stream = createCampaignStream({ districts: world.districtOf, reports: [], now: day });
    let most = 0;
    let calls = 0;
    for (const call of syntheticCalls(world, { start: day, days: 3, callsPerDay: 20_000, bursts: [numberBurst] })) {
      stream.push(call);
      calls += 1;
      most = Math.max(most, stream.openGroups);
    }
    const found = stream.finish();
    assert.equal(found.length, 1);
    // Two groups (number and range) per unknown caller of the busiest two hours, far fewer than the calls.
    assert.ok(most < calls / 8, `${most} open groups for ${calls} calls`);
  });

  test('refuses calls out of time order', () => {
    const stream = createCampaignStream({ districts: new Map(), reports: [], now: day });
    const call: CampaignCall = {
      callId: 'a',
      residentId: 1,
      number: '+447700900123',
      at: day,
      action: 'ring',
      risk: 0,
    };
    stream.push(call);
    assert.throws(() => stream.push({ ...call, at: new Date(day.getTime() - 1) }), /time order/);
  });

  test('finds exactly what a window-by-window search over all calls finds, on random small streams', () => {
    let compared = 0;
    for (let seed = 1; seed <= 40; seed += 1) {
      const random = seededRandom(seed);
      const calls: CampaignCall[] = Array.from({ length: 200 }, (_, i) => ({
        callId: `r${i}`,
        residentId: 1 + Math.floor(random() * 12),
        number: `+4420794600${Math.floor(random() * 6)}${Math.floor(random() * 3)}`,
        at: new Date(day.getTime() + Math.floor(random() * 16 * 60) * 60_000),
        action: random() < 0.3 ? 'block' : 'screen',
        risk: random(),
      }));
      const districts = new Map(Array.from({ length: 12 }, (_, i) => [i + 1, i < 7 ? 'CM23' : 'SG1']));
      const input = { calls, districts, reports: [], now: new Date(day.getTime() + 20 * 3_600_000) };
      const got = detectCampaigns(input).map(summary);
      const expected = naive(calls, districts, defaultCampaignThresholds).map(summary);
      assert.deepEqual(got, expected, `seed ${seed}`);
      compared += got.length;
    }
    assert.ok(compared > 100, `${compared} campaigns compared`);
  });
});

function summary(c: { key: string; start: Date; end: Date; residentIds: number[]; score: number; calls: number }) {
  return `${c.key} ${c.start.toISOString()}–${c.end.toISOString()} ${c.residentIds.join(',')} ${c.score} ${c.calls}`;
}

/** The definition, spelled out: group, split at gaps, and try a window starting at every call (number and range). */
function naive(calls: CampaignCall[], districts: Map<number, string>, t: CampaignThresholds) {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: t.timeZone, hour: 'numeric', hourCycle: 'h23' });
  const hour = (at: Date) => Number(format.format(at)) % 24;
  const unusual = (at: Date) => hour(at) >= t.unusualHours.start || hour(at) < t.unusualHours.end;
  const sorted = [...calls].sort((a, b) => a.at.getTime() - b.at.getTime() || a.callId.localeCompare(b.callId));
  const groups = new Map<string, CampaignCall[]>();
  for (const call of sorted) {
    const number = call.number ?? '';
    for (const key of [`number:${number}`, `range:${number.slice(0, -t.rangeSuffixDigits)}`]) {
      const group = groups.get(key) ?? [];
      group.push(call);
      groups.set(key, group);
    }
  }
  const found: { key: string; start: Date; end: Date; residentIds: number[]; score: number; calls: number }[] = [];
  for (const [key, group] of groups) {
    const clusters: CampaignCall[][] = [];
    for (const call of group) {
      const current = clusters.at(-1);
      const last = current?.at(-1);
      if (current && last && call.at.getTime() - last.at.getTime() <= t.gapMinutes * 60_000) current.push(call);
      else clusters.push([call]);
    }
    for (const cluster of clusters) {
      if (key.startsWith('range:') && new Set(cluster.map((c) => c.number)).size < 2) continue;
      let best = 0;
      let bestDistinct = 0;
      for (const [i, first] of cluster.entries()) {
        const residents = new Map<number, boolean>();
        for (const call of cluster.slice(i)) {
          if (call.at.getTime() - first.at.getTime() > t.windowMinutes * 60_000) break;
          residents.set(call.residentId ?? 0, (residents.get(call.residentId ?? 0) ?? false) || unusual(call.at));
        }
        let score = [...residents.values()].reduce((sum, u) => sum + (u ? t.unusualHourWeight : 1), 0);
        const where = new Set([...residents.keys()].map((id) => districts.get(id)));
        if (where.size === 1 && residents.size > 1) score += t.singleDistrictBonus;
        if (score > best) [best, bestDistinct] = [score, residents.size];
      }
      const needed = key.startsWith('range:') ? t.rangeResidents : t.numberResidents;
      if (best < needed || bestDistinct < t.minDistinctResidents) continue;
      found.push({
        key,
        start: cluster[0]?.at ?? new Date(0),
        end: cluster.at(-1)?.at ?? new Date(0),
        residentIds: [...new Set(cluster.map((c) => c.residentId ?? 0))].sort((a, b) => a - b),
        score: Math.round(best * 1000) / 1000,
        calls: cluster.length,
      });
    }
  }
  return found.sort((a, b) => a.start.getTime() - b.start.getTime() || a.key.localeCompare(b.key));
}
