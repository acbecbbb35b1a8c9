/**
 * SIP credentials: one digest HA1 per resident (MD5(username:realm:password), never the password), so the resident's
 * phone can REGISTER with CallWarden. Removing the resident removes its credentials.
 */
import type { ColumnType, Kysely, Migration } from 'kysely';
import type { StoreDialect } from './index.js';

type Timestamp = ColumnType<Date | string, Date | string, Date | string>;

/** Row shapes of the tables this migration creates (internal to `src/store/`). */
export type SipCredentialTables = {
  sip_credentials: {
    resident_id: number;
    ha1: string;
    updated_at: Timestamp;
  };
};

export function sipCredentialsMigration(dialect: StoreDialect): Migration {
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sip_credentials')
        .addColumn('resident_id', 'integer', (column) =>
          column.primaryKey().references('residents.id').onDelete('cascade'),
        )
        .addColumn('ha1', 'text', (column) => column.notNull())
        .addColumn('updated_at', timestamp, (column) => column.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('sip_credentials').ifExists().execute();
    },
  };
}
