/**
 * Runs sipp (Debian package `sip-tester`), a real SIP peer, for end-to-end tests and the SIP load benchmark.
 * Scenarios live beside this file and are named by what they expect (`uac-expect-603.xml`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';

export interface SippOptions {
  /** Scenario file name in test/sipp/ (or an absolute path). */
  scenario: string;
  /** host:port to call (client scenarios); omitted for server scenarios. */
  target?: string;
  /** Local SIP port sipp binds. */
  port: number;
  /** Local media port (distinct per concurrent sipp). */
  mediaPort: number;
  transport?: 'udp' | 'tcp';
  /** Values for the scenario's [key] keywords. */
  keys?: Record<string, string>;
  /** Calls to make (client) or answer (server) before exiting. */
  calls?: number;
  /** Calls per second for client scenarios. */
  rate?: number;
  /** Most calls at once. */
  limit?: number;
  /** How long `<pause/>` steps wait (a call's talk time), in ms. */
  holdMs?: number;
  /** sipp gives up after this long. */
  timeoutS?: number;
  extraArgs?: string[];
  /** Working directory (sipp writes its trace files there). */
  cwd?: string;
}

export interface SippResult {
  /** 0: every call succeeded; 1: at least one failed; 97/99: sipp itself failed or timed out. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface SippProcess {
  result: Promise<SippResult>;
  stop(): void;
}

const scenarios = fileURLToPath(new URL('.', import.meta.url));

/** True when sipp is installed; as root, installs it from Debian's packages first when it is missing. */
export function ensureSipp(): boolean {
  if (spawnSync('sipp', ['-v']).error === undefined) return true;
  if (process.getuid?.() !== 0) return false;
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  spawnSync('apt-get', ['install', '-y', '-qq', 'sip-tester'], { stdio: 'ignore' });
  return spawnSync('sipp', ['-v']).error === undefined;
}

export function startSipp(options: SippOptions): SippProcess {
  const scenario = options.scenario.startsWith('/') ? options.scenario : `${scenarios}${options.scenario}`;
  const keys = { to: '441279555001', from: '447911123456', ...options.keys };
  const args = [
    ...(options.target ? [options.target] : []),
    '-sf',
    scenario,
    '-i',
    '127.0.0.1',
    '-p',
    String(options.port),
    '-mp',
    String(options.mediaPort),
    '-t',
    options.transport === 'tcp' ? 't1' : 'u1',
    '-m',
    String(options.calls ?? 1),
    '-timeout',
    `${options.timeoutS ?? 15}s`,
    '-timeout_error',
    '-nostdin',
    '-d',
    String(options.holdMs ?? 300),
    ...Object.entries(keys).flatMap(([key, value]) => ['-key', key, value]),
    ...(options.rate ? ['-r', String(options.rate)] : []),
    ...(options.limit ? ['-l', String(options.limit)] : []),
    ...(options.extraArgs ?? []),
  ];
  const child: ChildProcess = spawn('sipp', args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout = (stdout + chunk.toString()).slice(-20_000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const result = new Promise<SippResult>((resolve) => {
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: `${stderr}\n${error.message}` }));
  });
  return { result, stop: () => child.kill('SIGTERM') };
}

/** Runs one sipp to completion. */
export async function runSipp(options: SippOptions): Promise<SippResult> {
  return startSipp(options).result;
}

/** A UDP port on 127.0.0.1 that was free a moment ago (for sipp peers and media in tests). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
