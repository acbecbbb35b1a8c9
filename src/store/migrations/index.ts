/**
 * Every schema migration, listed here rather than found by scanning a folder, so the compiled `dist/` build runs
 * them too. Names sort in the order they run; never rename or edit one that has shipped — add the next.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { initialMigration } from './0001-initial.js';
import { intelligenceMigration } from './0002-intelligence.js';
import { sipCredentialsMigration } from './0003-sip-credentials.js';
import { guardMigration } from './0004-guard.js';
import { tokensAndWarningsMigration } from './0005-tokens-and-warnings.js';
import { sipStateMigration } from './0006-sip-state.js';

export type StoreDialect = 'sqlite' | 'postgres';

/** The static migration provider for one dialect. */
export function migrationProvider(dialect: StoreDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial': initialMigration(dialect),
    '0002-intelligence': intelligenceMigration(dialect),
    '0003-sip-credentials': sipCredentialsMigration(dialect),
    '0004-guard': guardMigration(dialect),
    '0005-tokens-and-warnings': tokensAndWarningsMigration(dialect),
    '0006-sip-state': sipStateMigration(dialect),
  };
  return { getMigrations: async () => migrations };
}
