/**
 * SIP state that must survive a restart: the REGISTER bindings of residents' phones (a phone registered before a
 * restart is still rung where it registered, until its expiry) and the clear-line flags (a resident whose call was
 * blocked, reported or ended by the guard keeps the clear line armed for their next call to a bank or the police, for
 * its window). Expired rows are ignored when loaded and purged from time to time; removing a resident removes both.
 */
import type { ColumnType, Kysely, Migration } from 'kysely';
import type { StoreDialect } from './index.js';

type Timestamp = ColumnType<Date | string, Date | string, Date | string>;
/** `bigint` columns: PostgreSQL returns them as strings. */
type BigInt64 = ColumnType<number | string, number, number>;

/** Row shapes of the tables this migration creates (internal to `src/store/`). */
export type SipStateTables = {
  sip_bindings: {
    resident_id: number;
    /** The Contact URI as registered. */
    contact: string;
    source_transport: string;
    source_address: string;
    source_port: number;
    call_id: string;
    /** CSeq numbers go up to 2^32 − 1: more than PostgreSQL's `integer`. */
    cseq: BigInt64;
    registered_at: Timestamp;
    expires_at: Timestamp;
  };
  clear_line_flags: {
    resident_id: number;
    /** The call that armed the clear line (null when not known). */
    call_id: string | null;
    why: string;
    flagged_at: Timestamp;
    expires_at: Timestamp;
  };
};

export function sipStateMigration(dialect: StoreDialect): Migration {
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sip_bindings')
        .addColumn('resident_id', 'integer', (column) =>
          column.notNull().references('residents.id').onDelete('cascade'),
        )
        .addColumn('contact', 'text', (column) => column.notNull())
        .addColumn('source_transport', 'text', (column) => column.notNull())
        .addColumn('source_address', 'text', (column) => column.notNull())
        .addColumn('source_port', 'integer', (column) => column.notNull())
        .addColumn('call_id', 'text', (column) => column.notNull())
        .addColumn('cseq', 'bigint', (column) => column.notNull())
        .addColumn('registered_at', timestamp, (column) => column.notNull())
        .addColumn('expires_at', timestamp, (column) => column.notNull())
        .addPrimaryKeyConstraint('sip_bindings_pk', ['resident_id', 'contact'])
        .execute();
      await db.schema.createIndex('sip_bindings_expires').on('sip_bindings').column('expires_at').execute();
      await db.schema
        .createTable('clear_line_flags')
        .addColumn('resident_id', 'integer', (column) =>
          column.primaryKey().references('residents.id').onDelete('cascade'),
        )
        .addColumn('call_id', 'text')
        .addColumn('why', 'text', (column) => column.notNull())
        .addColumn('flagged_at', timestamp, (column) => column.notNull())
        .addColumn('expires_at', timestamp, (column) => column.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('clear_line_flags').ifExists().execute();
      await db.schema.dropTable('sip_bindings').ifExists().execute();
    },
  };
}
