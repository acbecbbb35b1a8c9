/**
 * What every CLI command shares: the global options (`--data`, `--json`, `--region`), opening the store, printing,
 * and the one place where operation and store errors become messages and exit codes.
 */
import type { Command } from 'commander';
import { OperationError } from '../app/operation-error.js';
import { createOperations, type Operations } from '../app/operations.js';
import { type Config, ConfigError, loadConfig } from '../config/config.js';
import { openStore } from '../store/open-store.js';
import { type Store, StoreError } from '../store/store.js';
import { CliError } from './cli-error.js';

export interface GlobalOptions {
  data?: string;
  json?: boolean;
  region?: string;
}

export interface CommandContext {
  config: Config;
  store: Store;
  ops: Operations;
  json: boolean;
  /** Machine-readable output (stdout). */
  out(value: unknown): void;
  /** Human-readable output (stderr, per the CLI contract). */
  say(text: string): void;
}

/** Adds the options every command accepts. */
export function withGlobalOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'data directory (default ./data or $CALLWARDEN_DATA)')
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--region <code>', 'default country for national-format numbers (default GB)');
}

/** Runs a command body with an open store, closing it afterwards and mapping expected failures to CliError. */
export async function runWithStore(command: Command, body: (context: CommandContext) => Promise<void>): Promise<void> {
  const options = command.optsWithGlobals<GlobalOptions>();
  let config: Config;
  try {
    config = loadConfig({
      ...(options.data !== undefined ? { dataDir: options.data } : {}),
      ...(options.region !== undefined ? { region: options.region } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  let store: Store;
  try {
    store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  } catch (error) {
    throw mapError(error);
  }
  const json = options.json === true;
  const context: CommandContext = {
    config,
    store,
    ops: createOperations({ store, region: config.region }),
    json,
    out: (value) => process.stdout.write(`${JSON.stringify(value, null, json ? undefined : 2)}\n`),
    say: (text) => process.stderr.write(`${text}\n`),
  };
  try {
    await body(context);
  } catch (error) {
    throw mapError(error);
  } finally {
    await store.close();
  }
}

function mapError(error: unknown): unknown {
  if (error instanceof OperationError) return new CliError(error.message, 2);
  if (error instanceof StoreError) return new CliError(`database: ${error.message}`, error.code === 'invalid' ? 2 : 3);
  return error;
}

/** Parses a whole number option (an id or a limit) or fails with a message naming the option. */
export function wholeNumber(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new CliError(`${name} must be a whole number (got '${value}')`);
  return Number(value);
}
