/**
 * The one place driver errors (better-sqlite3, pg, Node file-system errors) become `StoreError`s with messages an
 * operator can act on. Anything unrecognised is re-thrown unchanged: it is a bug, not an expected failure.
 */
import { StoreError } from './store.js';

/** What the failing operation was doing, to phrase the message. */
export interface ErrorContext {
  /** Message for a unique-constraint violation (`resident with number +44… already exists`). */
  conflict?: string;
  /** Message for a foreign-key violation (`resident 42 does not exist`). */
  missing?: string;
  /** SQLite: the database file, named in corrupt / read-only / locked messages. */
  file?: string;
  /** PostgreSQL: where the server was expected (password removed). */
  server?: string;
}

const pgConnectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/** Maps a driver error to a `StoreError`; returns other errors unchanged. */
export function toStoreError(error: unknown, context: ErrorContext = {}): unknown {
  if (error instanceof StoreError || !(error instanceof Error)) return error;
  const rawCode = (error as Error & { code?: unknown }).code;
  const code = typeof rawCode === 'string' ? rawCode : '';
  const file = context.file ? `the database file ${context.file}` : 'the database';
  const make = (kind: StoreError['code'], message: string) => new StoreError(kind, message, { cause: error });

  if (code.startsWith('SQLITE_')) {
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
      return make('corrupt', `${file} is not a CallWarden database or is corrupt: ${error.message}`);
    }
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      return make('locked', `${file} is locked by another process (${error.message}); try again shortly`);
    }
    if (code === 'SQLITE_READONLY_DIRECTORY') {
      return make(
        'read-only',
        `the folder of ${file} cannot be written, so SQLite cannot create the -wal and -shm files it needs: ${error.message}`,
      );
    }
    if (code.startsWith('SQLITE_READONLY')) {
      return make('read-only', `${file} is read-only, so nothing can be saved: ${error.message}`);
    }
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return make('conflict', context.conflict ?? `the record already exists: ${error.message}`);
    }
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      return make('not-found', context.missing ?? `a referenced record does not exist: ${error.message}`);
    }
    if (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG') {
      return make('invalid', `the record was refused: ${error.message}`);
    }
    if (code === 'SQLITE_FULL') return make('unavailable', `the disk holding ${file} is full: ${error.message}`);
    if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_PERM')) {
      return make('unavailable', `${file} cannot be read or written: ${error.message}`);
    }
    return error;
  }

  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return make('read-only', `${context.file ?? 'the data directory'} cannot be written: ${error.message}`);
  }

  const server = context.server ? `PostgreSQL at ${context.server}` : 'PostgreSQL';
  // pg reports a failed or dropped connection as a Node socket error, or as a plain Error without a code.
  if (
    pgConnectionCodes.has(code) ||
    (code === '' && /connection (timeout|terminated)|timeout exceeded when trying to connect/i.test(error.message))
  ) {
    return make('unavailable', `cannot reach ${server}: ${error.message}`);
  }
  // SQLSTATE codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
  if (/^[0-9A-Z]{5}$/.test(code)) {
    if (code === '23505') return make('conflict', context.conflict ?? `the record already exists: ${error.message}`);
    if (code === '23503')
      return make('not-found', context.missing ?? `a referenced record does not exist: ${error.message}`);
    if (code.startsWith('23') || code.startsWith('22'))
      return make('invalid', `the record was refused: ${error.message}`);
    if (code === '40001' || code === '40P01' || code === '55P03' || code === '55006') {
      return make('locked', `${server} reported a lock conflict (${error.message}); try again shortly`);
    }
    if (code === '25006') return make('read-only', `${server} is read-only, so nothing can be saved: ${error.message}`);
    if (code === 'XX001' || code === 'XX002')
      return make('corrupt', `${server} reports corrupt data: ${error.message}`);
    if (
      code.startsWith('08') ||
      code.startsWith('57P') ||
      code.startsWith('53') ||
      code.startsWith('28') ||
      code === '3D000'
    ) {
      return make('unavailable', `cannot use ${server}: ${error.message}`);
    }
  }
  return error;
}
