/**
 * Opens CallWarden's store: an embedded SQLite file by default, or PostgreSQL when given a URL. Runs pending
 * migrations, and refuses — without touching it — a file that is not a CallWarden database.
 *
 * @example
 * const store = await openStore({ dataDir: './data' }, log);
 * const shared = await openStore({ databaseUrl: 'postgres://callwarden@db/callwarden', schema: 'callwarden' });
 */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from 'kysely';
import type { Database } from './database.js';
import { migrationProvider, type StoreDialect } from './migrations/index.js';
import { SqlStore, type StoreLogger } from './sql-store.js';
import { type Store, StoreError } from './store.js';
import { type ErrorContext, toStoreError } from './store-errors.js';

export type { StoreLogger } from './sql-store.js';

export interface SqliteStoreOptions {
  /** Folder holding `callwarden.db` (created when missing). */
  dataDir: string;
  /** Open without writing anything: no migrations, every write fails with `StoreError('read-only')`. */
  readOnly?: boolean;
  /** How long a write waits for another process's lock before failing with `StoreError('locked')`. */
  busyTimeoutMs?: number;
}

export interface PostgresStoreOptions {
  databaseUrl: string;
  /** Schema to keep the tables in (created when missing); the server's default search path when absent. */
  schema?: string;
}

export type OpenStoreOptions = SqliteStoreOptions | PostgresStoreOptions;

/** The SQLite file name inside the data directory. */
export const databaseFileName = 'callwarden.db';
/** SQLite `application_id` marking a CallWarden database ('CWDB'). */
const applicationId = 0x43574442;
const defaultBusyTimeoutMs = 5_000;

/** Opens the store and brings its schema up to date. Failures are `StoreError`s naming the file or server. */
export async function openStore(options: OpenStoreOptions, log?: StoreLogger): Promise<Store> {
  return 'databaseUrl' in options ? openPostgres(options, log) : openSqlite(options, log);
}

async function openSqlite(options: SqliteStoreOptions, log?: StoreLogger): Promise<Store> {
  const dataDir = resolve(options.dataDir);
  const file = join(dataDir, databaseFileName);
  const where: ErrorContext = { file };
  // A file the process may not write (chmod 0444, a read-only mount) opens read-only rather than failing: screening
  // can still read it, and every write fails with StoreError('read-only').
  const readOnly = options.readOnly === true || (existsSync(file) && !writable(file));
  if (readOnly && options.readOnly !== true) log?.warn({ file }, 'the database file is not writable; opened read-only');

  if (readOnly && !existsSync(file)) throw new StoreError('not-found', `there is no database file at ${file}`);
  if (!readOnly) {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (error) {
      throw toStoreError(error, { file: dataDir });
    }
  }

  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(file, { readonly: readOnly });
  } catch (error) {
    throw cannotOpen(error, file, dataDir);
  }
  let db: Kysely<Database> | undefined;
  try {
    database.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? defaultBusyTimeoutMs))}`);
    // Read the header before anything can write: a file that is not ours must fail here, unchanged.
    const tables = database.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as {
      n: number;
    };
    const id = database.pragma('application_id', { simple: true }) as number;
    if (tables.n > 0 && id !== applicationId) {
      throw new StoreError(
        'corrupt',
        `the database file ${file} is not a CallWarden database or is corrupt: it holds another application's tables`,
      );
    }
    if (!readOnly) {
      if (id !== applicationId) database.pragma(`application_id = ${applicationId}`);
      // WAL lets readers work during writes; FULL syncs the WAL on every commit, so a crash loses no acknowledged
      // write.
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = FULL');
    }
    database.pragma('foreign_keys = ON');

    db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
    await migrate(db, 'sqlite', readOnly, `the database file ${file}`);
    return new SqlStore(db, { dialect: 'sqlite', where, log });
  } catch (error) {
    if (db) await db.destroy();
    else database.close();
    throw toStoreError(error, where);
  }
}

async function openPostgres(options: PostgresStoreOptions, log?: StoreLogger): Promise<Store> {
  const server = describeServer(options.databaseUrl);
  const where: ErrorContext = { server };
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError('invalid', `'${schema}' is not a usable schema name (lower-case letters, digits and _ only)`);
  }
  // The PostgreSQL driver loads only when a PostgreSQL store is opened (every command on SQLite starts without it).
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    connectionTimeoutMillis: 10_000,
    // Every connection resolves unqualified table names in the schema, so the repository code never names it.
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on('error', (error) => log?.warn({ err: error, server }, 'an idle PostgreSQL connection failed'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema !== undefined) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    // Kysely looks for its migration tables in every schema unless told which one: name ours explicitly.
    const current = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const tableSchema = current.rows[0]?.schema;
    if (!tableSchema) {
      throw new StoreError('invalid', `PostgreSQL at ${server} has no schema on its search path to keep tables in`);
    }
    await migrate(db, 'postgres', false, `PostgreSQL at ${server}`, tableSchema);
    return new SqlStore(db, { dialect: 'postgres', where, log });
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw toStoreError(error, where);
  }
}

async function migrate(
  db: Kysely<Database>,
  dialect: StoreDialect,
  readOnly: boolean,
  what: string,
  migrationTableSchema?: string,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  if (readOnly) {
    const pending = (await migrator.getMigrations()).filter((migration) => migration.executedAt === undefined);
    if (pending.length > 0) {
      throw new StoreError(
        'read-only',
        `${what} needs upgrading (${pending.length} migrations), which needs write access`,
      );
    }
    return;
  }
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
}

/** better-sqlite3 failed to open the file: say whether the folder or file is not writable, else why. */
function cannotOpen(error: unknown, file: string, dataDir: string): unknown {
  if (!writable(dataDir) || (existsSync(file) && !writable(file))) {
    return new StoreError('read-only', `the database file ${file} cannot be opened for writing`, { cause: error });
  }
  return toStoreError(error, { file });
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** `host:port/database` of a connection URL, without the password, for messages and logs. */
function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    throw new StoreError('invalid', 'the PostgreSQL URL is not a valid URL (postgres://user@host:5432/database)');
  }
}

/**
 * Write transactions take SQLite's write lock when they begin (`begin immediate`) rather than at their first write,
 * so a transaction that reads first waits for another process's writer (busy_timeout) instead of failing at once
 * with SQLITE_BUSY when it tries to upgrade.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
