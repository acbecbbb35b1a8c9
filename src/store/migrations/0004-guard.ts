/**
 * The live call guard: the notification outbox (alerts to carers, webhooks, bank notices; durable, drained with
 * retries) and the evidence kept for flagged guarded calls until it expires.
 */
import type { ColumnType, Generated, Kysely, Migration } from 'kysely';
import type { StoreDialect } from './index.js';

type Timestamp = ColumnType<Date | string, Date | string, Date | string>;

/** Row shapes of the tables this migration creates (internal to `src/store/`, like `database.ts`). */
export type GuardTables = {
  outbox: {
    id: Generated<number>;
    /** Unique per notification (`<callId>:alert:email:<to>`), so a notification is queued once however often asked. */
    key: string;
    channel: string;
    call_id: string | null;
    resident_id: number | null;
    /** JSON text: what the channel's sender needs (address, subject, body...). */
    payload: string;
    /** `pending`, `sent` or `failed`. */
    status: string;
    attempts: number;
    next_attempt_at: Timestamp;
    last_error: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  guard_evidence: {
    call_id: string;
    resident_id: number | null;
    number: string | null;
    presented: string;
    level: string;
    risk: number;
    /** JSON text: stages, reasons and the turns the reasons cite (never the whole transcript). */
    stages: string;
    reasons: string;
    turns: string;
    flagged_at: Timestamp;
    expires_at: Timestamp;
  };
};

export function guardMigration(dialect: StoreDialect): Migration {
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  const id = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('outbox')
        .addColumn('id', id, (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('key', 'text', (column) => column.notNull().unique())
        .addColumn('channel', 'text', (column) => column.notNull())
        .addColumn('call_id', 'text')
        // No foreign key: a notification about a resident still goes out if the resident is removed meanwhile.
        .addColumn('resident_id', 'integer')
        .addColumn('payload', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('next_attempt_at', timestamp, (column) => column.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', timestamp, (column) => column.notNull())
        .addColumn('updated_at', timestamp, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('outbox_call').on('outbox').column('call_id').execute();

      await db.schema
        .createTable('guard_evidence')
        .addColumn('call_id', 'text', (column) => column.primaryKey())
        .addColumn('resident_id', 'integer')
        .addColumn('number', 'text')
        .addColumn('presented', 'text', (column) => column.notNull())
        .addColumn('level', 'text', (column) => column.notNull())
        .addColumn('risk', 'double precision', (column) => column.notNull())
        .addColumn('stages', 'text', (column) => column.notNull())
        .addColumn('reasons', 'text', (column) => column.notNull())
        .addColumn('turns', 'text', (column) => column.notNull())
        .addColumn('flagged_at', timestamp, (column) => column.notNull())
        .addColumn('expires_at', timestamp, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('guard_evidence_expires').on('guard_evidence').column('expires_at').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['guard_evidence', 'outbox']) await db.schema.dropTable(table).ifExists().execute();
    },
  };
}
