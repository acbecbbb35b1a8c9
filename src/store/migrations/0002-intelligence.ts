/**
 * Intelligence: detected scam campaigns with the numbers involved, and the audit log of every analyst or automatic
 * change to what screening believes about a number (confirm, clear, campaign blocks and reviews).
 */
import type { ColumnType, Generated, Kysely, Migration } from 'kysely';
import type { StoreDialect } from './index.js';

type Timestamp = ColumnType<Date | string, Date | string, Date | string>;

/** Row shapes of the tables this migration creates (internal to `src/store/`, like `database.ts`). */
export type IntelligenceTables = {
  campaigns: {
    id: Generated<number>;
    key: string;
    kind: string;
    status: string;
    response: string;
    started_at: Timestamp;
    last_call_at: Timestamp;
    residents_reached: number;
    /** JSON text: postcode districts. */
    districts: string;
    calls: number;
    flagged_calls: number;
    flagged_share: number;
    reason: string;
    /** JSON text: the detector's explanations. */
    explanations: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  campaign_numbers: {
    campaign_id: number;
    number: string;
  };
  audit_log: {
    id: Generated<number>;
    at: Timestamp;
    /** `token:4`, `cli` or `campaign-watch`. */
    actor: string;
    actor_name: string | null;
    action: string;
    number: string | null;
    campaign_id: number | null;
    /** JSON text or null. */
    before: string | null;
    after: string | null;
    reason: string | null;
  };
};

export function intelligenceMigration(dialect: StoreDialect): Migration {
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  const id = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('campaigns')
        .addColumn('id', id, (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('response', 'text', (column) => column.notNull())
        .addColumn('started_at', timestamp, (column) => column.notNull())
        .addColumn('last_call_at', timestamp, (column) => column.notNull())
        .addColumn('residents_reached', 'integer', (column) => column.notNull())
        .addColumn('districts', 'text', (column) => column.notNull().defaultTo('[]'))
        .addColumn('calls', 'integer', (column) => column.notNull())
        .addColumn('flagged_calls', 'integer', (column) => column.notNull())
        .addColumn('flagged_share', 'double precision', (column) => column.notNull())
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('explanations', 'text', (column) => column.notNull().defaultTo('[]'))
        .addColumn('created_at', timestamp, (column) => column.notNull())
        .addColumn('updated_at', timestamp, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('campaigns_key').on('campaigns').columns(['key', 'last_call_at']).execute();
      await db.schema.createIndex('campaigns_status').on('campaigns').column('status').execute();

      await db.schema
        .createTable('campaign_numbers')
        .addColumn('campaign_id', 'integer', (column) =>
          column.notNull().references('campaigns.id').onDelete('cascade'),
        )
        .addColumn('number', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('campaign_numbers_pk', ['campaign_id', 'number'])
        .execute();
      await db.schema.createIndex('campaign_numbers_number').on('campaign_numbers').column('number').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', id, (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('at', timestamp, (column) => column.notNull())
        .addColumn('actor', 'text', (column) => column.notNull())
        .addColumn('actor_name', 'text')
        .addColumn('action', 'text', (column) => column.notNull())
        .addColumn('number', 'text')
        // No foreign key: the audit trail outlives what it describes.
        .addColumn('campaign_id', 'integer')
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('reason', 'text')
        .execute();
      await db.schema.createIndex('audit_log_number').on('audit_log').column('number').execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['audit_log', 'campaign_numbers', 'campaigns']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
