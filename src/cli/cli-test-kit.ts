/**
 * Builders for the command tests: the real `callwarden` program run against a data directory of the test's choosing
 * (SQLite: DATABASE_URL and CALLWARDEN_DATA of the environment are cleared), and assertions on how it ended.
 *
 * @example
 * const data = join(mkdtempSync(join(tmpdir(), 'cw-cli-')), 'data');
 * const resident = ok(data, ['resident', 'add', '--number', '01279 555001', '--name', 'Margaret', '--json']);
 * fails(data, ['token', 'revoke', 'abc'], /positive whole number/);
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs `callwarden <args> --data <data>` to completion. */
export function cli(data: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', main, ...args, '--data', data], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', CALLWARDEN_DATA: '' },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a command that must succeed; its JSON output (null when it printed nothing). */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON fields
export function ok(data: string, args: string[]): any {
  const run = cli(data, args);
  assert.equal(run.code, 0, `expected success, got ${run.code}: ${run.stderr}`);
  return run.stdout.trim() === '' ? null : JSON.parse(run.stdout);
}

/** Runs a command that must fail with `message` on stderr. */
export function fails(data: string, args: string[], message: RegExp): void {
  const run = cli(data, args);
  assert.notEqual(run.code, 0, `expected failure, got success: ${run.stdout}`);
  assert.match(run.stderr, message);
}
