/**
 * Builders for the store tests, which run once per dialect: fresh, empty stores on SQLite (each in its own folder) and
 * on PostgreSQL (each in its own schema of the DATABASE_URL database), and the clean-up of all a suite made.
 *
 * @example
 * const stores = sqliteStores('cw-store-');
 * await withStore(stores.fresh, async (store) => assert.equal(await store.getResident(1), null));
 * await stores.cleanup();
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from './open-store.js';
import type { Store } from './store.js';

export interface TestStores {
  /** A fresh, empty store for one test. */
  fresh: () => Promise<Store>;
  /** Removes every store `fresh` made. */
  cleanup: () => Promise<void>;
}

/** SQLite stores, each in a new folder under one temporary folder named from `prefix`. */
export function sqliteStores(prefix: string): TestStores {
  const root = mkdtempSync(join(tmpdir(), prefix));
  let count = 0;
  return {
    fresh: () => {
      count += 1;
      return openStore({ dataDir: join(root, `store-${count}`) });
    },
    cleanup: async () => rmSync(root, { recursive: true, force: true }),
  };
}

/** PostgreSQL stores, each in a new schema (`<prefix>_<random>_<n>`) dropped again by `cleanup`. */
export function postgresStores(databaseUrl: string, prefix: string): TestStores {
  const schemaPrefix = `${prefix}_${randomBytes(4).toString('hex')}`;
  const schemas: string[] = [];
  return {
    fresh: () => {
      const schema = `${schemaPrefix}_${schemas.length + 1}`;
      schemas.push(schema);
      return openStore({ databaseUrl, schema });
    },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs `work` on a fresh store and closes it afterwards, whatever happens. */
export async function withStore(fresh: () => Promise<Store>, work: (store: Store) => Promise<void>): Promise<void> {
  const store = await fresh();
  try {
    await work(store);
  } finally {
    await store.close();
  }
}
