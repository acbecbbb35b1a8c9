/**
 * The first schema: residents and their contacts, block list, Do-Not-Originate list, scam reports, call log, API
 * tokens and the fact-change log the screening index follows. Written once for both dialects; the only differences
 * are the id column and the timestamp type.
 */
import { type CreateTableBuilder, type Kysely, type Migration, sql } from 'kysely';
import type { StoreDialect } from './index.js';

export function initialMigration(dialect: StoreDialect): Migration {
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  const withId = <T extends string, C extends string>(table: CreateTableBuilder<T, C>) =>
    dialect === 'postgres'
      ? table.addColumn('id', 'serial', (column) => column.primaryKey())
      : table.addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('residents')
        .$call(withId)
        .addColumn('number', 'text', (column) => column.notNull().unique())
        .addColumn('country', 'text')
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('postcode', 'text')
        .addColumn('phone_uri', 'text')
        .addColumn('settings', 'text', (column) => column.notNull().defaultTo('{}'))
        .addColumn('created_at', timestamp, (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('contacts')
        .$call(withId)
        .addColumn('resident_id', 'integer', (column) =>
          column.notNull().references('residents.id').onDelete('cascade'),
        )
        .addColumn('number', 'text', (column) => column.notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('created_at', timestamp, (column) => column.notNull())
        .addUniqueConstraint('contacts_resident_number', ['resident_id', 'number'])
        .execute();
      await db.schema.createIndex('contacts_number').on('contacts').column('number').execute();

      await db.schema
        .createTable('blocks')
        .$call(withId)
        .addColumn('number', 'text', (column) => column.notNull())
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('source', 'text', (column) => column.notNull())
        .addColumn('resident_id', 'integer', (column) => column.references('residents.id').onDelete('cascade'))
        .addColumn('created_at', timestamp, (column) => column.notNull())
        .execute();
      // One entry per number and scope; a global block (null resident) is scope 0. Upserts target this index.
      await db.schema
        .createIndex('blocks_number_scope')
        .on('blocks')
        .unique()
        .expression(sql`number, coalesce(resident_id, 0)`)
        .execute();
      await db.schema.createIndex('blocks_resident').on('blocks').column('resident_id').execute();

      await db.schema
        .createTable('dno')
        .addColumn('number', 'text', (column) => column.primaryKey())
        .addColumn('owner', 'text')
        .addColumn('extra', 'text', (column) => column.notNull().defaultTo('{}'))
        .addColumn('imported_at', timestamp, (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('reports')
        .$call(withId)
        .addColumn('number', 'text')
        .addColumn('presented', 'text', (column) => column.notNull())
        // Reports are evidence about the caller: they outlive the resident who filed them.
        .addColumn('resident_id', 'integer', (column) => column.references('residents.id').onDelete('set null'))
        .addColumn('reporter', 'text', (column) => column.notNull())
        .addColumn('reporter_kind', 'text', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('loss_pence', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('text', 'text')
        .addColumn('call_id', 'text')
        .addColumn('status', 'text', (column) => column.notNull().defaultTo('open'))
        .addColumn('created_at', timestamp, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('reports_number').on('reports').column('number').execute();
      await db.schema.createIndex('reports_created_at').on('reports').column('created_at').execute();

      // No foreign key on resident_id: a call must be recorded even when its resident was removed mid-call.
      await db.schema
        .createTable('calls')
        .addColumn('call_id', 'text', (column) => column.primaryKey())
        .addColumn('resident_id', 'integer')
        .addColumn('presented', 'text', (column) => column.notNull())
        .addColumn('number', 'text')
        .addColumn('at', timestamp, (column) => column.notNull())
        .addColumn('action', 'text', (column) => column.notNull())
        .addColumn('risk', 'double precision', (column) => column.notNull())
        .addColumn('reasons', 'text', (column) => column.notNull().defaultTo('[]'))
        .addColumn('outcome', 'text')
        .execute();
      await db.schema.createIndex('calls_resident_at').on('calls').columns(['resident_id', 'at']).execute();
      await db.schema.createIndex('calls_at').on('calls').column('at').execute();

      await db.schema
        .createTable('api_tokens')
        .$call(withId)
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('resident_ids', 'text', (column) => column.notNull().defaultTo('[]'))
        .addColumn('secret_hash', 'text', (column) => column.notNull().unique())
        .addColumn('created_at', timestamp, (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('fact_changes')
        .$call((table) =>
          dialect === 'postgres'
            ? table.addColumn('seq', 'bigserial', (column) => column.primaryKey())
            : table.addColumn('seq', 'integer', (column) => column.primaryKey().autoIncrement()),
        )
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('number', 'text')
        .addColumn('resident_id', 'integer')
        .addColumn('at', timestamp, (column) => column.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'fact_changes',
        'api_tokens',
        'calls',
        'reports',
        'dno',
        'blocks',
        'contacts',
        'residents',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
