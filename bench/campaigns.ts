/**
 * Campaign detection benchmark: the streaming detector over 10,000,000 generated call records (a month of ordinary
 * traffic to 200,000 residents in 400 postcode districts, with one scam burst a day laid on top), generated on the
 * fly from a seed in chunks of 100,000 so the stream never sits in memory. Only the detector's work is timed; peak
 * resident memory is sampled after every chunk. Then report ingestion: reports filed through `ops.addReport` into a
 * temporary SQLite store, one at a time (the path the API and CLI take; there is no batched path).
 *
 * `npm run bench -- campaigns [--records N] [--reports N]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOperations } from '../src/app/operations.js';
import { type CampaignCall, createCampaignStream, type DetectedCampaign } from '../src/campaigns/detect-campaigns.js';
import { type SyntheticBurst, syntheticCalls, syntheticWorld } from '../src/campaigns/synthetic-calls.js';
import { openStore } from '../src/store/open-store.js';
import { reportTypes } from '../src/store/store.js';
import type { BenchFigure } from './figure.js';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const mb = (bytes: number) => bytes / 2 ** 20;

export async function benchCampaigns(): Promise<BenchFigure[]> {
  return [...(await detection()), ...(await ingestion())];
}

async function detection(): Promise<BenchFigure[]> {
  const records = argument('records', 10_000_000);
  const days = Math.max(1, Math.min(30, Math.round(records / 300_000)));
  const world = syntheticWorld({ residents: 200_000, districts: 400 });
  const start = new Date('2026-01-01T00:00:00Z');
  // One burst a day, in a different district each day: one number by day, a range of numbers at night.
  const bursts: SyntheticBurst[] = Array.from({ length: days }, (_, day) => ({
    at: new Date(start.getTime() + day * 86_400_000 + (day % 2 === 0 ? 14 : 22) * 3_600_000),
    district: world.districtNames[(day * 37) % world.districtNames.length] ?? '',
    residents: 40,
    minutes: 30,
    numbers:
      day % 2 === 0
        ? [`+447700900${String(100 + day)}`]
        : Array.from({ length: 8 }, (_, i) => `+4420300${String(day).padStart(2, '0')}${String(100 + i * 37)}`),
    action: 'screen',
    risk: 0.6,
  }));
  const burstNumbers = new Set(bursts.flatMap((burst) => burst.numbers));

  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const found: DetectedCampaign[] = [];
  const stream = createCampaignStream({
    districts: world.districtOf,
    reports: [],
    now: new Date(start.getTime() + (days + 1) * 86_400_000),
    onCampaign: (campaign) => found.push(campaign),
  });
  const calls = syntheticCalls(world, {
    start,
    days,
    // Every day fits in the records asked for, bursts included, so the last day's burst is streamed too.
    callsPerDay: Math.floor((records - bursts.length * 40) / days),
    bursts,
    // Unknown callers rarely ring twice: a pool of 100 million numbers.
    unknownCallers: 100_000_000,
    seed: 20260101,
  });
  const chunk: CampaignCall[] = [];
  let pushed = 0;
  let detectNs = 0n;
  let generateNs = 0n;
  let mostOpen = 0;
  const began = performance.now();
  while (pushed < records) {
    const g0 = process.hrtime.bigint();
    chunk.length = 0;
    for (let i = 0; i < 100_000 && pushed + chunk.length < records; i += 1) {
      const next = calls.next();
      if (next.done) break;
      chunk.push(next.value);
    }
    const t0 = process.hrtime.bigint();
    generateNs += t0 - g0;
    if (chunk.length === 0) break;
    for (const call of chunk) stream.push(call);
    detectNs += process.hrtime.bigint() - t0;
    pushed += chunk.length;
    mostOpen = Math.max(mostOpen, stream.openGroups);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (pushed % 1_000_000 === 0) {
      console.error(
        `  ${pushed / 1e6}M records, ${stream.openGroups} open groups, RSS ${mb(process.memoryUsage().rss).toFixed(0)} MB`,
      );
    }
  }
  const t0 = process.hrtime.bigint();
  stream.finish();
  detectNs += process.hrtime.bigint() - t0;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  (globalThis as { gc?: () => void }).gc?.();
  const liveHeap = process.memoryUsage().heapUsed;
  const wallS = (performance.now() - began) / 1000;
  const detectS = Number(detectNs) / 1e9;
  const caught = bursts.filter((burst) =>
    found.some((c) => c.kind !== 'script' && c.numbers.some((n) => burst.numbers.includes(n))),
  ).length;
  const other = found.filter((c) => !c.numbers.some((n) => burstNumbers.has(n)));
  console.error(
    `${pushed} records over ${days} days: detection ${detectS.toFixed(1)} s (${Math.round(pushed / detectS)}/s), ` +
      `generation ${(Number(generateNs) / 1e9).toFixed(1)} s, wall ${wallS.toFixed(1)} s; peak RSS ${mb(peakRss).toFixed(0)} MB ` +
      `(+${mb(peakRss - rssBefore).toFixed(0)} MB), at most ${mostOpen} open groups`,
  );
  console.error(
    `found ${found.length} campaigns: ${caught}/${bursts.length} injected bursts caught, ${other.length} others` +
      (other.length > 0 ? ` (e.g. ${other[0]?.reason})` : ''),
  );
  return [
    { bench: 'campaigns', metric: 'records', value: pushed, unit: 'records' },
    { bench: 'campaigns', metric: 'records_per_s', value: Math.round(pushed / detectS), unit: '1/s' },
    { bench: 'campaigns', metric: 'seconds_detect', value: round(detectS), unit: 's' },
    { bench: 'campaigns', metric: 'seconds_wall', value: round(wallS), unit: 's' },
    { bench: 'campaigns', metric: 'peak_rss_mb', value: Math.round(mb(peakRss)), unit: 'MB' },
    { bench: 'campaigns', metric: 'live_heap_mb_after', value: Math.round(mb(liveHeap)), unit: 'MB' },
    { bench: 'campaigns', metric: 'open_groups_max', value: mostOpen, unit: 'groups' },
    { bench: 'campaigns', metric: 'bursts_caught', value: caught / bursts.length, unit: 'share' },
    { bench: 'campaigns', metric: 'other_campaigns', value: other.length, unit: 'campaigns' },
  ];
}

async function ingestion(): Promise<BenchFigure[]> {
  const count = argument('reports', 5000);
  const dir = mkdtempSync(join(tmpdir(), 'cw-bench-reports-'));
  const store = await openStore({ dataDir: dir });
  try {
    const ops = createOperations({ store, region: 'GB' });
    const residents = [];
    for (let i = 0; i < 100; i += 1) {
      residents.push(
        await ops.addResident({ number: `+441279${500_000 + i}`, name: `Resident ${i}`, postcode: 'CM23' }),
      );
    }
    const began = performance.now();
    for (let i = 0; i < count; i += 1) {
      const resident = residents[i % residents.length] ?? null;
      await ops.addReport({
        number: `07700 9${String(i % 2000).padStart(5, '0')}`,
        resident,
        type: reportTypes[i % reportTypes.length],
        lossPounds: i % 7 === 0 ? 250 : 0,
        text: i % 3 === 0 ? 'Said he was from the bank and asked for my card PIN' : null,
        reporter: `resident:${resident?.id}`,
        reporterKind: 'verified-resident',
      });
    }
    const seconds = (performance.now() - began) / 1000;
    console.error(`${count} reports through ops.addReport into SQLite: ${Math.round(count / seconds)}/s`);
    return [
      { bench: 'reports', metric: 'ingested_per_s', value: Math.round(count / seconds), unit: '1/s' },
      { bench: 'reports', metric: 'ingest_ms_per_report', value: round((seconds * 1000) / count), unit: 'ms' },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
