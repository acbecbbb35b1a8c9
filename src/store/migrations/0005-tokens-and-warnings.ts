/**
 * Token management and campaign warnings: API tokens can be revoked (`revoked_at`; a revoked token is refused at
 * once) and say when they were last used (`last_used_at`, written at most once a minute per token); and the
 * `campaign_warnings` table records which resident's carers were warned about which scam campaign, so a warning goes
 * out once per campaign per resident, across restarts.
 */
import type { ColumnType, Kysely, Migration } from 'kysely';
import type { StoreDialect } from './index.js';

type Timestamp = ColumnType<Date | string, Date | string, Date | string>;

/** Row shapes of what this migration adds (internal to `src/store/`). */
export type TokenAndWarningTables = {
  api_tokens: {
    revoked_at: Timestamp | null;
    last_used_at: Timestamp | null;
  };
  campaign_warnings: {
    campaign_id: number;
    resident_id: number;
    /** The resident's postcode district when the warning was queued. */
    district: string;
    /** How many messages were queued for this resident (0 when no channel reaches their carers). */
    messages: number;
    warned_at: Timestamp;
  };
};

export function tokensAndWarningsMigration(dialect: StoreDialect): Migration {
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('api_tokens').addColumn('revoked_at', timestamp).execute();
      await db.schema.alterTable('api_tokens').addColumn('last_used_at', timestamp).execute();
      await db.schema
        .createTable('campaign_warnings')
        // No foreign keys: the record that a warning went out outlives the resident or a campaign's row.
        .addColumn('campaign_id', 'integer', (column) => column.notNull())
        .addColumn('resident_id', 'integer', (column) => column.notNull())
        .addColumn('district', 'text', (column) => column.notNull())
        .addColumn('messages', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('warned_at', timestamp, (column) => column.notNull())
        .addPrimaryKeyConstraint('campaign_warnings_pk', ['campaign_id', 'resident_id'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('campaign_warnings').ifExists().execute();
      await db.schema.alterTable('api_tokens').dropColumn('last_used_at').execute();
      await db.schema.alterTable('api_tokens').dropColumn('revoked_at').execute();
    },
  };
}
