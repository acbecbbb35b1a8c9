/**
 * SIP load benchmark: ring-through calls from sipp (the network) to sipp (the resident's phone), first directly and
 * then through CallWarden (in this process, real SQLite store, every call screened and logged), at the same rate.
 * A rate counts as sustained when every call of the run succeeds. Post-dial delay is INVITE sent → 180 Ringing
 * received at the caller, so CallWarden's cost shows as the difference and the ratio to the direct run.
 *
 * `npm run bench -- sip [--rates 300,400] [--seconds 60] [--warmup 5]`
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { createApp } from '../src/app/create-app.js';
import { loadConfig } from '../src/config/config.js';
import { ensureSipp, startSipp } from '../test/sipp/sipp.js';
import type { BenchFigure } from './figure.js';
import { percentile } from './figure.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

interface LoadRun {
  rate: number;
  calls: number;
  successful: number;
  failed: number;
  pddMs: number[];
}

/** Runs `seconds` of calls at `rate` from a sipp caller to `target`, answered by a sipp phone on `phonePort`. */
async function loadRun(
  target: string,
  phonePort: number,
  rate: number,
  seconds: number,
  base: number,
): Promise<LoadRun> {
  const calls = Math.round(rate * seconds);
  const workdir = mkdtempSync(join(tmpdir(), 'cw-bench-sip-'));
  const phone = startSipp({
    scenario: 'uas-phone-answers.xml',
    port: phonePort,
    mediaPort: base,
    calls,
    timeoutS: seconds + 60,
    extraArgs: ['-buff_size', '4194304'],
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const caller = startSipp({
    scenario: 'uac-load-ring-through.xml',
    target,
    port: base + 10,
    mediaPort: base + 20,
    calls,
    rate,
    limit: rate * 5,
    holdMs: 200,
    timeoutS: seconds + 60,
    cwd: workdir,
    extraArgs: ['-trace_rtt', '-rtt_freq', '1', '-buff_size', '4194304', '-trace_stat', '-fd', '1'],
  });
  const result = await caller.result;
  if (process.env.CW_BENCH_DEBUG) console.error(result.stdout.slice(-3000), result.stderr.slice(-2000));
  phone.stop();
  await phone.result;
  const successful = Number(/Successful call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(result.stdout)?.[1] ?? 0);
  const failed = Number(/Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(result.stdout)?.[1] ?? 0);
  const pddMs: number[] = [];
  for (const file of readdirSync(workdir).filter((name) => name.endsWith('_rtt.csv'))) {
    for (const line of readFileSync(join(workdir, file), 'utf8').split('\n').slice(1)) {
      const fields = line.split(';');
      const value = Number(fields[1]);
      if (fields.length >= 3 && Number.isFinite(value)) pddMs.push(value);
    }
  }
  pddMs.sort((a, b) => a - b);
  return { rate, calls, successful, failed: failed + Math.max(0, calls - successful - failed), pddMs };
}

export async function benchSip(): Promise<BenchFigure[]> {
  if (!ensureSipp()) {
    console.error('sip: sipp (sip-tester) is not installed; skipped');
    return [];
  }
  const seconds = Number(option('seconds', '60'));
  const warmup = Number(option('warmup', '5'));
  const rates = option('rates', '300')
    .split(',')
    .map(Number)
    .filter((rate) => rate > 0);
  const app = await createApp({
    config: loadConfig(
      { dataDir: mkdtempSync(join(tmpdir(), 'cw-bench-sip-data-')), http: '127.0.0.1:0', sip: '127.0.0.1:0' },
      {},
    ),
    log: pino({ level: 'silent' }),
  });
  const phonePort = 25060;
  const resident = await app.ops.addResident({
    number: '01279 555001',
    name: 'Margaret',
    phone: `sip:phone@127.0.0.1:${phonePort}`,
  });
  await app.ops.addContact({ resident, number: '07911 123456', name: 'Sarah' });
  await app.index.catchUp();
  await app.start();
  const callwarden = `127.0.0.1:${app.sip?.local.port}`;
  const figures: BenchFigure[] = [];
  let sustained = 0;
  try {
    for (const rate of rates) {
      // Both paths first carry `--warmup` seconds of calls that are not measured: the figures are for a running
      // service (its code compiled and optimised by the JIT), not for the first second after start.
      if (warmup > 0) {
        console.error(`sip: warming up, ${rate} calls/s for ${warmup} s each way (not measured)`);
        await loadRun(`127.0.0.1:${phonePort}`, phonePort, rate, warmup, 26000);
        await loadRun(callwarden, phonePort, rate, warmup, 27000);
      }
      console.error(`sip: ${rate} calls/s for ${seconds} s, sipp → sipp directly`);
      const direct = await loadRun(`127.0.0.1:${phonePort}`, phonePort, rate, seconds, 26000);
      console.error(`sip: ${rate} calls/s for ${seconds} s, sipp → CallWarden → sipp`);
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      const through = await loadRun(callwarden, phonePort, rate, seconds, 27000);
      loop.disable();
      const loopP99Ms = loop.percentile(99) / 1e6;
      const loopMaxMs = loop.max / 1e6;
      console.error(
        `sip @${rate}/s: CallWarden event-loop delay p99 ${loopP99Ms.toFixed(1)} ms, max ${loopMaxMs.toFixed(1)} ms`,
      );
      const p = (run: LoadRun, q: number) => percentile(run.pddMs, q);
      console.error(
        `sip @${rate}/s: direct ${direct.successful}/${direct.calls} ok, PDD p50 ${p(direct, 50)} ms p99 ${p(direct, 99)} ms; ` +
          `through CallWarden ${through.successful}/${through.calls} ok (${through.failed} failed), PDD p50 ${p(through, 50)} ms p99 ${p(through, 99)} ms; ` +
          `added p50 ${(p(through, 50) - p(direct, 50)).toFixed(1)} ms, p99 ${(p(through, 99) - p(direct, 99)).toFixed(1)} ms`,
      );
      figures.push(
        { bench: 'sip', metric: `failed_calls_at_${rate}`, value: through.failed, unit: 'calls' },
        { bench: 'sip', metric: `pdd_p50_ms_at_${rate}`, value: p(through, 50), unit: 'ms' },
        { bench: 'sip', metric: `pdd_p99_ms_at_${rate}`, value: p(through, 99), unit: 'ms' },
        { bench: 'sip', metric: `direct_pdd_p99_ms_at_${rate}`, value: p(direct, 99), unit: 'ms' },
        {
          bench: 'sip',
          metric: `added_pdd_p50_ms_at_${rate}`,
          value: round(p(through, 50) - p(direct, 50)),
          unit: 'ms',
        },
        {
          bench: 'sip',
          metric: `added_pdd_p99_ms_at_${rate}`,
          value: round(p(through, 99) - p(direct, 99)),
          unit: 'ms',
        },
      );
      if (through.failed > 0 || through.successful < through.calls) break;
      sustained = rate;
    }
  } finally {
    await app.stop();
  }
  figures.unshift({ bench: 'sip', metric: 'sustained_calls_per_s', value: sustained, unit: '1/s' });
  return figures;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
