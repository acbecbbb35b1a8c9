/**
 * Row shapes of CallWarden's tables as Kysely sees them. Internal to the store: rows become domain objects in
 * `sql-store.ts` (the one `adapt…` place) and never leave `src/store/`.
 */
import type { ColumnType, Generated } from 'kysely';

/** ISO-8601 text on SQLite, `timestamptz` (a `Date`) on PostgreSQL. */
export type Timestamp = ColumnType<Date | string, Date | string, Date | string>;
/** `bigint` columns: PostgreSQL returns them as strings to avoid precision loss. */
export type BigInt64 = ColumnType<number | string, number, number>;

export interface ResidentsTable {
  id: Generated<number>;
  number: string;
  country: string | null;
  name: string;
  postcode: string | null;
  phone_uri: string | null;
  /** JSON text, parsed through `residentSettingsSchema` on read so older rows get new defaults. */
  settings: string;
  created_at: Timestamp;
}

export interface ContactsTable {
  id: Generated<number>;
  resident_id: number;
  number: string;
  name: string;
  created_at: Timestamp;
}

export interface BlocksTable {
  id: Generated<number>;
  number: string;
  reason: string;
  source: string;
  resident_id: number | null;
  created_at: Timestamp;
}

export interface DnoTable {
  number: string;
  owner: string | null;
  /** JSON text: the other CSV columns. */
  extra: string;
  imported_at: Timestamp;
}

export interface ReportsTable {
  id: Generated<number>;
  number: string | null;
  presented: string;
  resident_id: number | null;
  reporter: string;
  reporter_kind: string;
  type: string;
  loss_pence: BigInt64;
  text: string | null;
  call_id: string | null;
  status: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
}

export interface CallsTable {
  call_id: string;
  resident_id: number | null;
  presented: string;
  number: string | null;
  at: Timestamp;
  action: string;
  risk: number;
  /** JSON text: the decision's reasons. */
  reasons: string;
  outcome: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  role: string;
  /** JSON text: an array of resident ids. */
  resident_ids: string;
  /** sha256 of the secret, lowercase hex; the secret itself is never stored. */
  secret_hash: string;
  created_at: Timestamp;
}

export interface FactChangesTable {
  seq: ColumnType<number | string, never, never>;
  kind: string;
  number: string | null;
  resident_id: number | null;
  at: Timestamp;
}

export interface Database {
  residents: ResidentsTable;
  contacts: ContactsTable;
  blocks: BlocksTable;
  dno: DnoTable;
  reports: ReportsTable;
  calls: CallsTable;
  api_tokens: ApiTokensTable;
  fact_changes: FactChangesTable;
}
