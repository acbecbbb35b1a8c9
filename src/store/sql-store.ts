/**
 * The `Store` implementation, written once over Kysely for SQLite and PostgreSQL. Dialect differences are confined
 * to `#time` (ISO text vs `timestamptz`) and `#factWrite` (PostgreSQL serialises fact writes so `seq` order is commit
 * order). Rows become domain objects in the `adapt…` functions at the bottom and nowhere else.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import {
  type CampaignKind,
  type CampaignResponse,
  type CampaignStatus,
  campaignStatuses,
} from '../campaigns/detect-campaigns.js';
import type { E164 } from '../numbers/phone-number.js';
import { type ReportStatus, reporterKinds, reportStatuses } from '../reputation/reputation.js';
import {
  type Resident,
  type ResidentSettings,
  residentSettingsSchema,
  type TrustedContact,
} from '../residents/resident.js';
import { type Action, actions, type Reason } from '../screening/policy.js';
import type {
  ApiTokensTable,
  BlocksTable,
  CallsTable,
  ContactsTable,
  Database,
  DnoTable,
  ReportsTable,
  ResidentsTable,
} from './database.js';
import type { IntelligenceTables } from './migrations/0002-intelligence.js';
import type { SipCredentialTables } from './migrations/0003-sip-credentials.js';
import type { GuardTables } from './migrations/0004-guard.js';
import type { TokenAndWarningTables } from './migrations/0005-tokens-and-warnings.js';
import type { SipStateTables } from './migrations/0006-sip-state.js';
import type { StoreDialect } from './migrations/index.js';
import {
  type ApiToken,
  type ApiTokenInfo,
  type AuditEntry,
  type AuditQuery,
  type BlockEntry,
  type BlockSource,
  blockSources,
  type CallCountQuery,
  type CallQuery,
  type CallRecord,
  type Campaign,
  type CampaignQuery,
  type CampaignWarning,
  type CampaignWrite,
  type ClearLineFlag,
  type DnoEntry,
  type FactChange,
  type GuardEvidence,
  type GuardEvidenceQuery,
  type ImportResult,
  type NewAuditEntry,
  type NewBlock,
  type NewContact,
  type NewNotification,
  type NewReport,
  type NewResident,
  type NotificationAttempt,
  type NotificationChannel,
  type NotificationQuery,
  type NotificationStatus,
  notificationChannels,
  notificationStatuses,
  type OutboxNotification,
  type Report,
  type ReportQuery,
  type ReportType,
  reportTypes,
  type SipBindingRecord,
  type Store,
  StoreError,
} from './store.js';
import { type ErrorContext, toStoreError } from './store-errors.js';

/** The subset of a pino logger the store uses. */
export interface StoreLogger {
  warn(object: object, message: string): void;
}

/** Rows per page of the `iterate*` bulk loaders. */
export const defaultPageSize = 10_000;
/** Rows a `list*` call returns when it names no limit. */
export const defaultListLimit = 1_000;
/** Rows per INSERT statement of a bulk import: 500 × 4 parameters stays far below SQLite's 32,766 bound. */
const importBatchSize = 500;
/** PostgreSQL advisory lock held by every fact-changing transaction ('CWFC'). */
const factLockKey = 0x43574643;
const tokenRoles = ['admin', 'carer', 'analyst'] as const satisfies readonly ApiToken['role'][];
/** How stale a token's `last_used_at` may get before a request writes it again. */
const tokenUseResolutionMs = 60_000;

/** `api_tokens` with the columns migration 0005 added. */
type TokenRow = ApiTokensTable & TokenAndWarningTables['api_tokens'];

type FactKind = FactChange['kind'];

export interface SqlStoreOptions {
  dialect: StoreDialect;
  /** Where the database is (file or server), for error messages. */
  where: ErrorContext;
  log?: StoreLogger | undefined;
}

export class SqlStore implements Store {
  readonly dialect: StoreDialect;
  readonly #db: Kysely<Database>;
  /** The same connection, seeing the intelligence tables of migration 0002 too. */
  readonly #intel: Kysely<Database & IntelligenceTables>;
  /** The same connection, seeing the guard tables of migration 0004 (outbox, evidence). */
  readonly #guard: Kysely<Database & GuardTables>;
  /** The same connection, seeing the SIP credentials of migration 0003. */
  readonly #sip: Kysely<Database & SipCredentialTables>;
  /** The same connection, seeing migration 0006 (REGISTER bindings and clear-line flags). */
  readonly #sipState: Kysely<Database & SipStateTables>;
  /** The same connection, seeing migration 0005 (token revocation and last use, campaign warnings). */
  readonly #tokens: Kysely<Omit<Database, 'api_tokens'> & TokenAndWarningTables & { api_tokens: TokenRow }>;
  readonly #where: ErrorContext;
  readonly #log: StoreLogger | undefined;
  #closed = false;

  constructor(db: Kysely<Database>, options: SqlStoreOptions) {
    this.#db = db;
    this.#intel = db.withTables<IntelligenceTables>();
    this.#guard = db.withTables<GuardTables>();
    this.#sip = db.withTables<SipCredentialTables>();
    this.#sipState = db.withTables<SipStateTables>();
    this.#tokens = db as unknown as Kysely<
      Omit<Database, 'api_tokens'> & TokenAndWarningTables & { api_tokens: TokenRow }
    >;
    this.dialect = options.dialect;
    this.#where = options.where;
    this.#log = options.log;
  }

  // Residents

  async addResident(resident: NewResident): Promise<Resident> {
    const settings = validSettings(resident.settings);
    return this.#factWrite({ conflict: `resident with number ${resident.number} already exists` }, async (trx) => {
      const row = await trx
        .insertInto('residents')
        .values({
          number: resident.number,
          country: resident.country,
          name: resident.name,
          postcode: resident.postcode,
          phone_uri: resident.phoneUri,
          settings: JSON.stringify(settings),
          created_at: this.#time(new Date()),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#change(trx, 'resident', row.number, row.id);
      return this.#adaptResident(row);
    });
  }

  async updateResidentSettings(id: number, settings: ResidentSettings): Promise<Resident> {
    const valid = validSettings(settings);
    return this.#factWrite({}, async (trx) => {
      const row = await trx
        .updateTable('residents')
        .set({ settings: JSON.stringify(valid) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw missingResident(id);
      await this.#change(trx, 'resident', row.number, row.id);
      return this.#adaptResident(row);
    });
  }

  async updateResident(
    id: number,
    changes: Partial<Pick<Resident, 'name' | 'postcode' | 'phoneUri'>>,
  ): Promise<Resident> {
    const set: { name?: string; postcode?: string | null; phone_uri?: string | null } = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.postcode !== undefined) set.postcode = changes.postcode;
    if (changes.phoneUri !== undefined) set.phone_uri = changes.phoneUri;
    if (Object.keys(set).length === 0) {
      const resident = await this.getResident(id);
      if (!resident) throw missingResident(id);
      return resident;
    }
    return this.#factWrite({}, async (trx) => {
      const row = await trx.updateTable('residents').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) throw missingResident(id);
      await this.#change(trx, 'resident', row.number, row.id);
      return this.#adaptResident(row);
    });
  }

  /** Removes the resident with their contacts and own blocks (one `resident` change covers them); reports stay. */
  async removeResident(id: number): Promise<boolean> {
    return this.#factWrite({}, async (trx) => {
      const row = await trx.deleteFrom('residents').where('id', '=', id).returning('number').executeTakeFirst();
      if (!row) return false;
      await this.#change(trx, 'resident', row.number, id);
      return true;
    });
  }

  async getResident(id: number): Promise<Resident | null> {
    const row = await this.#read(() =>
      this.#db.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row ? this.#adaptResident(row) : null;
  }

  async findResidentByNumber(number: E164): Promise<Resident | null> {
    const row = await this.#read(() =>
      this.#db.selectFrom('residents').selectAll().where('number', '=', number).executeTakeFirst(),
    );
    return row ? this.#adaptResident(row) : null;
  }

  async listResidents(
    options: { ids?: number[]; districts?: readonly string[]; limit?: number; offset?: number } = {},
  ): Promise<Resident[]> {
    const { ids } = options;
    const districts = options.districts?.flatMap((district) => normaliseArea(district) ?? []);
    if (ids?.length === 0 || districts?.length === 0) return [];
    const rows = await this.#read(() =>
      this.#db
        .selectFrom('residents')
        .selectAll()
        .$if(ids !== undefined, (query) => query.where('id', 'in', ids ?? []))
        // A district (`CM23`), or a full postcode in it (`CM23 2AB`) as stored by older callers.
        .$if(districts !== undefined, (query) =>
          query.where((eb) =>
            eb.or((districts ?? []).flatMap((d) => [eb('postcode', '=', d), eb('postcode', 'like', `${d} %`)])),
          ),
        )
        .orderBy('id')
        .limit(options.limit ?? defaultListLimit)
        .offset(options.offset ?? 0)
        .execute(),
    );
    return rows.map((row) => this.#adaptResident(row));
  }

  // Trusted contacts

  async addContact(contact: NewContact): Promise<TrustedContact> {
    const context = {
      conflict: `contact ${contact.number} already exists for resident ${contact.residentId}`,
      missing: `resident ${contact.residentId} does not exist`,
    };
    return this.#factWrite(context, async (trx) => {
      const row = await trx
        .insertInto('contacts')
        .values({
          resident_id: contact.residentId,
          number: contact.number,
          name: contact.name,
          created_at: this.#time(new Date()),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#change(trx, 'contact', row.number, row.resident_id);
      return adaptContact(row);
    });
  }

  async removeContact(residentId: number, number: E164): Promise<boolean> {
    return this.#factWrite({}, async (trx) => {
      const row = await trx
        .deleteFrom('contacts')
        .where('resident_id', '=', residentId)
        .where('number', '=', number)
        .returning('id')
        .executeTakeFirst();
      if (!row) return false;
      await this.#change(trx, 'contact', number, residentId);
      return true;
    });
  }

  async listContacts(residentId: number): Promise<TrustedContact[]> {
    const rows = await this.#read(() =>
      this.#db.selectFrom('contacts').selectAll().where('resident_id', '=', residentId).orderBy('id').execute(),
    );
    return rows.map(adaptContact);
  }

  async findContact(residentId: number, number: E164): Promise<TrustedContact | null> {
    const row = await this.#read(() =>
      this.#db
        .selectFrom('contacts')
        .selectAll()
        .where('resident_id', '=', residentId)
        .where('number', '=', number)
        .executeTakeFirst(),
    );
    return row ? adaptContact(row) : null;
  }

  // Block list

  /** Adds a block, or refreshes the reason and source of the block already there for this number and scope. */
  async addBlock(entry: NewBlock): Promise<BlockEntry> {
    if (!(blockSources as readonly string[]).includes(entry.source)) {
      throw new StoreError('invalid', `'${entry.source}' is not a block source (${blockSources.join(', ')})`);
    }
    const context = { missing: `resident ${entry.residentId} does not exist` };
    return this.#factWrite(context, async (trx) => {
      const row = await trx
        .insertInto('blocks')
        .values({
          number: entry.number,
          reason: entry.reason,
          source: entry.source,
          resident_id: entry.residentId,
          created_at: this.#time(new Date()),
        })
        // Targets the unique index on (number, coalesce(resident_id, 0)); same syntax in SQLite and PostgreSQL.
        .onConflict((conflict) =>
          conflict.expression(sql`number, (coalesce(resident_id, 0))`).doUpdateSet((eb) => ({
            reason: eb.ref('excluded.reason'),
            source: eb.ref('excluded.source'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#change(trx, 'block', row.number, row.resident_id);
      return adaptBlock(row);
    });
  }

  async removeBlock(number: E164, residentId: number | null): Promise<boolean> {
    return this.#factWrite({}, async (trx) => {
      const row = await trx
        .deleteFrom('blocks')
        .where('number', '=', number)
        .where((eb) => (residentId === null ? eb('resident_id', 'is', null) : eb('resident_id', '=', residentId)))
        .returning('id')
        .executeTakeFirst();
      if (!row) return false;
      await this.#change(trx, 'block', number, residentId);
      return true;
    });
  }

  /** `residentId` undefined: every block; null: global blocks only; a number: that resident's own blocks only. */
  async listBlocks(
    options: { residentId?: number | null; limit?: number; offset?: number } = {},
  ): Promise<BlockEntry[]> {
    const { residentId } = options;
    const rows = await this.#read(() =>
      this.#db
        .selectFrom('blocks')
        .selectAll()
        .$if(residentId === null, (query) => query.where('resident_id', 'is', null))
        .$if(typeof residentId === 'number', (query) => query.where('resident_id', '=', residentId ?? null))
        .orderBy('id')
        .limit(options.limit ?? defaultListLimit)
        .offset(options.offset ?? 0)
        .execute(),
    );
    return rows.map(adaptBlock);
  }

  /** The resident's own block when there is one (its reason is the more specific), else the global block. */
  async findBlock(number: E164, residentId: number | null): Promise<BlockEntry | null> {
    const rows = await this.#read(() =>
      this.#db
        .selectFrom('blocks')
        .selectAll()
        .where('number', '=', number)
        .where((eb) =>
          residentId === null
            ? eb('resident_id', 'is', null)
            : eb.or([eb('resident_id', 'is', null), eb('resident_id', '=', residentId)]),
        )
        .execute(),
    );
    const row = rows.find((candidate) => candidate.resident_id !== null) ?? rows[0];
    return row ? adaptBlock(row) : null;
  }

  // Do-Not-Originate list

  /**
   * Inserts or updates the entries in one transaction, 500 rows per statement, and appends one `dno` change per
   * number. A number listed twice counts once (the last line wins).
   */
  async importDno(entries: Omit<DnoEntry, 'importedAt'>[]): Promise<ImportResult> {
    const unique = new Map<string, Omit<DnoEntry, 'importedAt'>>();
    for (const entry of entries) unique.set(entry.number, entry);
    if (unique.size === 0) return { imported: 0, updated: 0 };
    const list = [...unique.values()];
    return this.#factWrite({}, async (trx) => {
      const count = async () =>
        Number(
          (
            await trx
              .selectFrom('dno')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      // Fact writes are serialised (one writer in SQLite, an advisory lock in PostgreSQL), so the difference in
      // row count is exactly the number of new entries.
      const before = await count();
      const now = this.#time(new Date());
      for (let start = 0; start < list.length; start += importBatchSize) {
        const batch = list.slice(start, start + importBatchSize);
        await trx
          .insertInto('dno')
          .values(
            batch.map((entry) => ({
              number: entry.number,
              owner: entry.owner,
              extra: JSON.stringify(entry.extra ?? {}),
              imported_at: now,
            })),
          )
          .onConflict((conflict) =>
            conflict.column('number').doUpdateSet((eb) => ({
              owner: eb.ref('excluded.owner'),
              extra: eb.ref('excluded.extra'),
              imported_at: eb.ref('excluded.imported_at'),
            })),
          )
          .execute();
        await trx
          .insertInto('fact_changes')
          .values(batch.map((entry) => ({ kind: 'dno', number: entry.number, resident_id: null, at: now })))
          .execute();
      }
      const imported = (await count()) - before;
      return { imported, updated: list.length - imported };
    });
  }

  async findDno(number: E164): Promise<DnoEntry | null> {
    const row = await this.#read(() =>
      this.#db.selectFrom('dno').selectAll().where('number', '=', number).executeTakeFirst(),
    );
    return row ? adaptDno(row) : null;
  }

  async listDno(options: { limit?: number; offset?: number } = {}): Promise<DnoEntry[]> {
    const rows = await this.#read(() =>
      this.#db
        .selectFrom('dno')
        .selectAll()
        .orderBy('number')
        .limit(options.limit ?? defaultListLimit)
        .offset(options.offset ?? 0)
        .execute(),
    );
    return rows.map(adaptDno);
  }

  // Scam reports

  async addReport(report: NewReport): Promise<Report> {
    if (!(reportTypes as readonly string[]).includes(report.type)) {
      throw new StoreError('invalid', `'${report.type}' is not a report type (${reportTypes.join(', ')})`);
    }
    if (!(reporterKinds as readonly string[]).includes(report.reporterKind)) {
      throw new StoreError('invalid', `'${report.reporterKind}' is not a reporter kind (${reporterKinds.join(', ')})`);
    }
    if (!Number.isSafeInteger(report.lossPence) || report.lossPence < 0) {
      throw new StoreError('invalid', `a loss must be a whole, non-negative number of pence, not ${report.lossPence}`);
    }
    return this.#factWrite({ missing: `resident ${report.residentId} does not exist` }, async (trx) => {
      const row = await trx
        .insertInto('reports')
        .values({
          number: report.number,
          presented: report.presented,
          resident_id: report.residentId,
          reporter: report.reporter,
          reporter_kind: report.reporterKind,
          type: report.type,
          loss_pence: report.lossPence,
          text: report.text,
          call_id: report.callId,
          created_at: this.#time(report.at ?? new Date()),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#change(trx, 'report', row.number, row.resident_id);
      return adaptReport(row);
    });
  }

  async setReportStatus(id: number, status: ReportStatus): Promise<Report | null> {
    if (!(reportStatuses as readonly string[]).includes(status)) {
      throw new StoreError('invalid', `'${status}' is not a report status (${reportStatuses.join(', ')})`);
    }
    return this.#factWrite({}, async (trx) => {
      const row = await trx
        .updateTable('reports')
        .set({ status })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      await this.#change(trx, 'report', row.number, row.resident_id);
      return adaptReport(row);
    });
  }

  /**
   * Newest first. `since` is inclusive and `until` exclusive; `area` matches the reporting resident's postcode
   * district (`CM23` matches `CM23` and `CM23 2AB`).
   */
  async listReports(query: ReportQuery = {}): Promise<Report[]> {
    const area = query.area
      ?.toUpperCase()
      .replace(/[^A-Z0-9 ]/g, '')
      .trim();
    const rows = await this.#read(() =>
      this.#db
        .selectFrom('reports')
        .selectAll()
        .$if(query.since !== undefined, (q) => q.where('created_at', '>=', this.#time(query.since ?? new Date(0))))
        .$if(query.until !== undefined, (q) => q.where('created_at', '<', this.#time(query.until ?? new Date(0))))
        .$if(query.type !== undefined, (q) => q.where('type', '=', query.type ?? ''))
        .$if(query.number !== undefined, (q) => q.where('number', '=', query.number ?? ''))
        .$if(area !== undefined, (q) =>
          q.where('resident_id', 'in', (eb) =>
            eb
              .selectFrom('residents')
              .select('id')
              .where((inner) =>
                inner.or([
                  inner(inner.fn('upper', ['postcode']), '=', area ?? ''),
                  inner(inner.fn('upper', ['postcode']), 'like', `${area} %`),
                ]),
              ),
          ),
        )
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit ?? defaultListLimit)
        .execute(),
    );
    return rows.map(adaptReport);
  }

  /** Every report about the number, oldest first. */
  async reportsForNumber(number: E164): Promise<Report[]> {
    const rows = await this.#read(() =>
      this.#db
        .selectFrom('reports')
        .selectAll()
        .where('number', '=', number)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
    );
    return rows.map(adaptReport);
  }

  // Call log

  async recordCall(call: CallRecord): Promise<void> {
    await this.#run({ conflict: `call ${call.callId} is already recorded` }, () =>
      this.#db
        .insertInto('calls')
        .values({
          call_id: call.callId,
          resident_id: call.residentId,
          presented: call.presented,
          number: call.number,
          at: this.#time(call.at),
          action: call.action,
          risk: call.risk,
          reasons: JSON.stringify(call.reasons),
          outcome: call.outcome,
        })
        .execute(),
    );
  }

  // SIP credentials

  async setSipCredential(residentId: number, ha1: string): Promise<boolean> {
    if (!/^[0-9a-f]{32}$/.test(ha1)) throw new TypeError('ha1 must be 32 lower-case hex digits (an MD5 digest)');
    return this.#run({}, async () => {
      const resident = await this.#db
        .selectFrom('residents')
        .select('id')
        .where('id', '=', residentId)
        .executeTakeFirst();
      if (!resident) return false;
      await this.#sip
        .insertInto('sip_credentials')
        .values({ resident_id: residentId, ha1, updated_at: this.#time(new Date()) })
        .onConflict((conflict) =>
          conflict.column('resident_id').doUpdateSet((eb) => ({
            ha1: eb.ref('excluded.ha1'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
      return true;
    });
  }

  async getSipCredential(residentId: number): Promise<{ residentId: number; ha1: string; updatedAt: Date } | null> {
    const row = await this.#read(() =>
      this.#sip.selectFrom('sip_credentials').selectAll().where('resident_id', '=', residentId).executeTakeFirst(),
    );
    return row ? { residentId: row.resident_id, ha1: row.ha1, updatedAt: new Date(row.updated_at) } : null;
  }

  // SIP state that survives a restart (migration 0006)

  async replaceSipBindings(residentId: number, bindings: readonly SipBindingRecord[]): Promise<void> {
    await this.#run({}, () =>
      this.#sipState.transaction().execute(async (trx) => {
        await trx.deleteFrom('sip_bindings').where('resident_id', '=', residentId).execute();
        const resident = await trx.selectFrom('residents').select('id').where('id', '=', residentId).executeTakeFirst();
        if (!resident || bindings.length === 0) return;
        await trx
          .insertInto('sip_bindings')
          .values(
            bindings.map((binding) => ({
              resident_id: residentId,
              contact: binding.contact,
              source_transport: binding.source.transport,
              source_address: binding.source.address,
              source_port: binding.source.port,
              call_id: binding.callId,
              cseq: binding.cseq,
              registered_at: this.#time(binding.registeredAt),
              expires_at: this.#time(binding.expiresAt),
            })),
          )
          // Two bindings of one contact in a list: the last one wins, as in the registrar.
          .onConflict((conflict) =>
            conflict.columns(['resident_id', 'contact']).doUpdateSet((eb) => ({
              source_transport: eb.ref('excluded.source_transport'),
              source_address: eb.ref('excluded.source_address'),
              source_port: eb.ref('excluded.source_port'),
              call_id: eb.ref('excluded.call_id'),
              cseq: eb.ref('excluded.cseq'),
              registered_at: eb.ref('excluded.registered_at'),
              expires_at: eb.ref('excluded.expires_at'),
            })),
          )
          .execute();
      }),
    );
  }

  async listSipBindings(now: Date = new Date()): Promise<SipBindingRecord[]> {
    const rows = await this.#read(() =>
      this.#sipState
        .selectFrom('sip_bindings')
        .selectAll()
        .where('expires_at', '>', this.#time(now))
        .orderBy('registered_at')
        .orderBy('resident_id')
        .orderBy('contact')
        .execute(),
    );
    return rows.map((row) => ({
      residentId: row.resident_id,
      contact: row.contact,
      source: {
        transport: row.source_transport === 'tcp' ? 'tcp' : 'udp',
        address: row.source_address,
        port: row.source_port,
      },
      callId: row.call_id,
      cseq: Number(row.cseq),
      registeredAt: toDate(row.registered_at),
      expiresAt: toDate(row.expires_at),
    }));
  }

  async setClearLineFlag(flag: ClearLineFlag): Promise<void> {
    await this.#run({}, async () => {
      const resident = await this.#db
        .selectFrom('residents')
        .select('id')
        .where('id', '=', flag.residentId)
        .executeTakeFirst();
      if (!resident) return;
      await this.#sipState
        .insertInto('clear_line_flags')
        .values({
          resident_id: flag.residentId,
          call_id: flag.callId,
          why: flag.why,
          flagged_at: this.#time(flag.flaggedAt),
          expires_at: this.#time(flag.expiresAt),
        })
        .onConflict((conflict) =>
          conflict.column('resident_id').doUpdateSet((eb) => ({
            call_id: eb.ref('excluded.call_id'),
            why: eb.ref('excluded.why'),
            flagged_at: eb.ref('excluded.flagged_at'),
            expires_at: eb.ref('excluded.expires_at'),
          })),
        )
        .execute();
    });
  }

  async listClearLineFlags(now: Date = new Date()): Promise<ClearLineFlag[]> {
    const rows = await this.#read(() =>
      this.#sipState
        .selectFrom('clear_line_flags')
        .selectAll()
        .where('expires_at', '>', this.#time(now))
        .orderBy('resident_id')
        .execute(),
    );
    return rows.map((row) => ({
      residentId: row.resident_id,
      callId: row.call_id,
      why: row.why,
      flaggedAt: toDate(row.flagged_at),
      expiresAt: toDate(row.expires_at),
    }));
  }

  async purgeSipState(now: Date): Promise<number> {
    return this.#run({}, async () => {
      const at = this.#time(now);
      const bindings = await this.#sipState.deleteFrom('sip_bindings').where('expires_at', '<=', at).executeTakeFirst();
      const flags = await this.#sipState
        .deleteFrom('clear_line_flags')
        .where('expires_at', '<=', at)
        .executeTakeFirst();
      return Number(bindings.numDeletedRows) + Number(flags.numDeletedRows);
    });
  }

  async writeCallLog(batch: { records: CallRecord[]; outcomes: { callId: string; outcome: string }[] }): Promise<void> {
    if (batch.records.length === 0 && batch.outcomes.length === 0) return;
    await this.#run({}, () =>
      this.#db.transaction().execute(async (trx) => {
        // 9 columns a row: 500 rows stay well under SQLite's bound-parameter limit.
        for (let start = 0; start < batch.records.length; start += 500) {
          await trx
            .insertInto('calls')
            .values(
              batch.records.slice(start, start + 500).map((call) => ({
                call_id: call.callId,
                resident_id: call.residentId,
                presented: call.presented,
                number: call.number,
                at: this.#time(call.at),
                action: call.action,
                risk: call.risk,
                reasons: JSON.stringify(call.reasons),
                outcome: call.outcome,
              })),
            )
            // A record already written stays as it is, except for an outcome this batch brings with it.
            .onConflict((conflict) =>
              conflict.column('call_id').doUpdateSet((eb) => ({
                outcome: eb.fn.coalesce(eb.ref('excluded.outcome'), eb.ref('calls.outcome')),
              })),
            )
            .execute();
        }
        // One statement per 250 outcomes (a CASE on call_id), not one per call: at hundreds of calls a second the
        // per-statement cost dominated the log writer.
        for (let start = 0; start < batch.outcomes.length; start += 250) {
          const chunk = batch.outcomes.slice(start, start + 250);
          const cases = sql.join(
            chunk.map(({ callId, outcome }) => sql`when ${callId} then ${outcome}`),
            sql` `,
          );
          await trx
            .updateTable('calls')
            .set({ outcome: sql<string>`case call_id ${cases} else outcome end` })
            .where(
              'call_id',
              'in',
              chunk.map(({ callId }) => callId),
            )
            .execute();
        }
      }),
    );
  }

  async setCallOutcome(callId: string, outcome: string): Promise<void> {
    const result = await this.#run({}, () =>
      this.#db.updateTable('calls').set({ outcome }).where('call_id', '=', callId).executeTakeFirst(),
    );
    if (result.numUpdatedRows === 0n) throw new StoreError('not-found', `call ${callId} does not exist`);
  }

  /** Newest first; `since` inclusive, `until` exclusive. */
  async listCalls(query: CallQuery = {}): Promise<CallRecord[]> {
    const rows = await this.#read(() =>
      this.#db
        .selectFrom('calls')
        .selectAll()
        .$if(query.residentId !== undefined, (q) => q.where('resident_id', '=', query.residentId ?? 0))
        .$if(query.since !== undefined, (q) => q.where('at', '>=', this.#time(query.since ?? new Date(0))))
        .$if(query.until !== undefined, (q) => q.where('at', '<', this.#time(query.until ?? new Date(0))))
        .orderBy('at', 'desc')
        .orderBy('call_id')
        .limit(query.limit ?? defaultListLimit)
        .execute(),
    );
    return rows.map(adaptCall);
  }

  async getCall(callId: string): Promise<CallRecord | null> {
    const row = await this.#read(() =>
      this.#db.selectFrom('calls').selectAll().where('call_id', '=', callId).executeTakeFirst(),
    );
    return row ? adaptCall(row) : null;
  }

  // Intelligence: contacts by number, campaigns, audit log, call counts

  async contactsWithNumber(number: E164): Promise<TrustedContact[]> {
    const rows = await this.#read(() =>
      this.#db.selectFrom('contacts').selectAll().where('number', '=', number).orderBy('id').execute(),
    );
    return rows.map(adaptContact);
  }

  async saveCampaign(campaign: CampaignWrite & { id?: number }): Promise<Campaign> {
    if (!(campaignStatuses as readonly string[]).includes(campaign.status)) {
      throw new StoreError('invalid', `'${campaign.status}' is not a campaign status (${campaignStatuses.join(', ')})`);
    }
    const now = this.#time(new Date());
    const values = {
      key: campaign.key,
      kind: campaign.kind,
      status: campaign.status,
      response: campaign.response,
      started_at: this.#time(campaign.start),
      last_call_at: this.#time(campaign.end),
      residents_reached: campaign.residentsReached,
      districts: JSON.stringify(campaign.districts),
      calls: campaign.calls,
      flagged_calls: campaign.flaggedCalls,
      flagged_share: campaign.flaggedShare,
      reason: campaign.reason,
      explanations: JSON.stringify(campaign.explanations),
      updated_at: now,
    };
    const id = await this.#run({}, () =>
      this.#intel.transaction().execute(async (trx) => {
        let id = campaign.id;
        if (id === undefined) {
          const row = await trx
            .insertInto('campaigns')
            .values({ ...values, created_at: now })
            .returning('id')
            .executeTakeFirstOrThrow();
          id = row.id;
        } else {
          const row = await trx
            .updateTable('campaigns')
            .set(values)
            .where('id', '=', id)
            .returning('id')
            .executeTakeFirst();
          if (!row) throw new StoreError('not-found', `campaign ${id} does not exist`);
          await trx.deleteFrom('campaign_numbers').where('campaign_id', '=', id).execute();
        }
        const numbers = [...new Set(campaign.numbers)];
        for (let start = 0; start < numbers.length; start += importBatchSize) {
          const batch = numbers.slice(start, start + importBatchSize);
          const campaignId = id;
          await trx
            .insertInto('campaign_numbers')
            .values(batch.map((number) => ({ campaign_id: campaignId, number })))
            .execute();
        }
        return id;
      }),
    );
    const saved = await this.getCampaign(id);
    if (!saved) throw new StoreError('not-found', `campaign ${id} does not exist`);
    return saved;
  }

  async getCampaign(id: number): Promise<Campaign | null> {
    return (await this.#campaigns({}, [id]))[0] ?? null;
  }

  async listCampaigns(query: CampaignQuery = {}): Promise<Campaign[]> {
    return this.#campaigns(query);
  }

  async #campaigns(query: CampaignQuery, ids?: number[]): Promise<Campaign[]> {
    const { statuses } = query;
    if (statuses?.length === 0 || ids?.length === 0) return [];
    const rows = await this.#read(() =>
      this.#intel
        .selectFrom('campaigns')
        .selectAll()
        .$if(ids !== undefined, (q) => q.where('id', 'in', ids ?? []))
        .$if(statuses !== undefined, (q) => q.where('status', 'in', [...(statuses ?? [])]))
        .$if(query.key !== undefined, (q) => q.where('key', '=', query.key ?? ''))
        .$if(query.since !== undefined, (q) => q.where('last_call_at', '>=', this.#time(query.since ?? new Date(0))))
        .$if(query.until !== undefined, (q) => q.where('started_at', '<', this.#time(query.until ?? new Date(0))))
        .$if(query.number !== undefined, (q) =>
          q.where('id', 'in', (eb) =>
            eb
              .selectFrom('campaign_numbers')
              .select('campaign_id')
              .where('number', '=', query.number ?? ''),
          ),
        )
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit ?? defaultListLimit)
        .execute(),
    );
    if (rows.length === 0) return [];
    const numberRows = await this.#read(() =>
      this.#intel
        .selectFrom('campaign_numbers')
        .selectAll()
        .where(
          'campaign_id',
          'in',
          rows.map((row) => row.id),
        )
        .orderBy('number')
        .execute(),
    );
    const numbers = new Map<number, E164[]>();
    for (const row of numberRows) {
      const list = numbers.get(row.campaign_id) ?? [];
      list.push(row.number as E164);
      numbers.set(row.campaign_id, list);
    }
    return rows.map((row) => adaptCampaign(row, numbers.get(row.id) ?? []));
  }

  async setCampaignStatus(id: number, status: CampaignStatus): Promise<Campaign | null> {
    if (!(campaignStatuses as readonly string[]).includes(status)) {
      throw new StoreError('invalid', `'${status}' is not a campaign status (${campaignStatuses.join(', ')})`);
    }
    const row = await this.#run({}, () =>
      this.#intel
        .updateTable('campaigns')
        .set({ status, updated_at: this.#time(new Date()) })
        .where('id', '=', id)
        .returning('id')
        .executeTakeFirst(),
    );
    return row ? this.getCampaign(id) : null;
  }

  async addAuditEntry(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = await this.#run({}, () =>
      this.#intel
        .insertInto('audit_log')
        .values({
          at: this.#time(entry.at ?? new Date()),
          actor: entry.actor,
          actor_name: entry.actorName,
          action: entry.action,
          number: entry.number,
          campaign_id: entry.campaignId,
          before: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
          after: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
          reason: entry.reason,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return adaptAudit(row);
  }

  async listAudit(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const { actions: wanted } = query;
    if (wanted?.length === 0) return [];
    const rows = await this.#read(() =>
      this.#intel
        .selectFrom('audit_log')
        .selectAll()
        .$if(query.number !== undefined, (q) => q.where('number', '=', query.number ?? ''))
        .$if(query.campaignId !== undefined, (q) => q.where('campaign_id', '=', query.campaignId ?? 0))
        .$if(wanted !== undefined, (q) => q.where('action', 'in', [...(wanted ?? [])]))
        .$if(query.since !== undefined, (q) => q.where('at', '>=', this.#time(query.since ?? new Date(0))))
        .$if(query.until !== undefined, (q) => q.where('at', '<', this.#time(query.until ?? new Date(0))))
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit ?? defaultListLimit)
        .execute(),
    );
    return rows.map(adaptAudit);
  }

  async countCalls(query: CallCountQuery = {}): Promise<Record<Action, number>> {
    const area = normaliseArea(query.area);
    const rows = await this.#read(() =>
      this.#db
        .selectFrom('calls')
        .select((eb) => ['action', eb.fn.countAll().as('n')])
        .$if(query.since !== undefined, (q) => q.where('at', '>=', this.#time(query.since ?? new Date(0))))
        .$if(query.until !== undefined, (q) => q.where('at', '<', this.#time(query.until ?? new Date(0))))
        .$if(area !== undefined, (q) =>
          q.where('resident_id', 'in', (eb) =>
            eb
              .selectFrom('residents')
              .select('id')
              .where((inner) =>
                inner.or([
                  inner(inner.fn('upper', ['postcode']), '=', area ?? ''),
                  inner(inner.fn('upper', ['postcode']), 'like', `${area} %`),
                ]),
              ),
          ),
        )
        .groupBy('action')
        .execute(),
    );
    const counts = Object.fromEntries(actions.map((action) => [action, 0])) as Record<Action, number>;
    for (const row of rows) {
      if ((actions as readonly string[]).includes(row.action)) counts[row.action as Action] = Number(row.n);
    }
    return counts;
  }

  // API tokens

  async createToken(token: Omit<ApiToken, 'id' | 'createdAt'>): Promise<{ token: ApiToken; secret: string }> {
    if (!(tokenRoles as readonly string[]).includes(token.role)) {
      throw new StoreError('invalid', `'${token.role}' is not a token role (${tokenRoles.join(', ')})`);
    }
    const secret = `cw_${randomBytes(24).toString('base64url')}`;
    const row = await this.#run({ conflict: 'a token with the same secret already exists; try again' }, () =>
      this.#db
        .insertInto('api_tokens')
        .values({
          name: token.name,
          role: token.role,
          resident_ids: JSON.stringify(token.residentIds),
          secret_hash: hashSecret(secret),
          created_at: this.#time(new Date()),
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return { token: adaptToken(row), secret };
  }

  async findTokenBySecret(secret: string): Promise<ApiToken | null> {
    if (secret === '') return null;
    const row = await this.#read(() =>
      this.#tokens
        .selectFrom('api_tokens')
        .selectAll()
        .where('secret_hash', '=', hashSecret(secret))
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    );
    if (!row) return null;
    const now = new Date();
    const last = row.last_used_at === null ? null : toDate(row.last_used_at);
    // Kept to the minute: one small write a minute per token, not one per request.
    if (last === null || now.getTime() - last.getTime() >= tokenUseResolutionMs) {
      try {
        await this.#tokens
          .updateTable('api_tokens')
          .set({ last_used_at: this.#time(now) })
          .where('id', '=', row.id)
          .execute();
      } catch (error) {
        // A read-only or busy database must not refuse a valid token; the time of use is only a courtesy.
        this.#log?.warn({ err: error, tokenId: row.id }, 'could not note when an API token was used');
      }
    }
    return adaptToken(row);
  }

  async listTokens(options: { activeOnly?: boolean } = {}): Promise<ApiTokenInfo[]> {
    const rows = await this.#read(() =>
      this.#tokens
        .selectFrom('api_tokens')
        .selectAll()
        .$if(options.activeOnly === true, (query) => query.where('revoked_at', 'is', null))
        .orderBy('id')
        .execute(),
    );
    return rows.map(adaptTokenInfo);
  }

  async getToken(id: number): Promise<ApiTokenInfo | null> {
    const row = await this.#read(() =>
      this.#tokens.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row ? adaptTokenInfo(row) : null;
  }

  async revokeToken(id: number, at: Date = new Date()): Promise<ApiTokenInfo | null> {
    await this.#run({}, () =>
      this.#tokens
        .updateTable('api_tokens')
        .set({ revoked_at: this.#time(at) })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute(),
    );
    return this.getToken(id);
  }

  // Bulk loaders (keyset pagination: each page starts after the last key of the one before)

  iterateResidents(pageSize = defaultPageSize): AsyncIterable<Resident[]> {
    return this.#pages(
      pageSize,
      (after, limit) =>
        this.#db.selectFrom('residents').selectAll().where('id', '>', after).orderBy('id').limit(limit).execute(),
      (row) => row.id,
      0,
      (row) => this.#adaptResident(row),
    );
  }

  iterateContacts(pageSize = defaultPageSize): AsyncIterable<TrustedContact[]> {
    return this.#pages(
      pageSize,
      (after, limit) =>
        this.#db.selectFrom('contacts').selectAll().where('id', '>', after).orderBy('id').limit(limit).execute(),
      (row) => row.id,
      0,
      adaptContact,
    );
  }

  iterateBlocks(pageSize = defaultPageSize): AsyncIterable<BlockEntry[]> {
    return this.#pages(
      pageSize,
      (after, limit) =>
        this.#db.selectFrom('blocks').selectAll().where('id', '>', after).orderBy('id').limit(limit).execute(),
      (row) => row.id,
      0,
      adaptBlock,
    );
  }

  iterateDno(pageSize = defaultPageSize): AsyncIterable<DnoEntry[]> {
    return this.#pages(
      pageSize,
      (after, limit) =>
        this.#db.selectFrom('dno').selectAll().where('number', '>', after).orderBy('number').limit(limit).execute(),
      (row) => row.number,
      '',
      adaptDno,
    );
  }

  iterateReports(pageSize = defaultPageSize): AsyncIterable<Report[]> {
    return this.#pages(
      pageSize,
      (after, limit) =>
        this.#db.selectFrom('reports').selectAll().where('id', '>', after).orderBy('id').limit(limit).execute(),
      (row) => row.id,
      0,
      adaptReport,
    );
  }

  // Fact-change log

  async changesSince(seq: number, limit = defaultListLimit): Promise<FactChange[]> {
    const rows = await this.#read(() =>
      this.#db
        .selectFrom('fact_changes')
        .select(['seq', 'kind', 'number', 'resident_id'])
        .where('seq', '>', seq)
        .orderBy('seq')
        .limit(limit)
        .execute(),
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      kind: row.kind as FactKind,
      number: row.number,
      residentId: row.resident_id,
    }));
  }

  async latestChange(): Promise<number> {
    const row = await this.#read(() =>
      this.#db
        .selectFrom('fact_changes')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst(),
    );
    return row?.seq == null ? 0 : Number(row.seq);
  }

  // Notification outbox and guard evidence

  async enqueueNotifications(items: NewNotification[]): Promise<OutboxNotification[]> {
    if (items.length === 0) return [];
    return this.#run({}, () =>
      this.#guard.transaction().execute(async (trx) => {
        const added: OutboxNotification[] = [];
        const now = new Date();
        for (const item of items) {
          const row = await trx
            .insertInto('outbox')
            .values({
              key: item.key,
              channel: item.channel,
              call_id: item.callId,
              resident_id: item.residentId,
              payload: JSON.stringify(item.payload ?? null),
              status: 'pending',
              attempts: 0,
              next_attempt_at: this.#time(item.at ?? now),
              last_error: null,
              created_at: this.#time(now),
              updated_at: this.#time(now),
            })
            .onConflict((conflict) => conflict.column('key').doNothing())
            .returningAll()
            .executeTakeFirst();
          if (row) added.push(adaptNotification(row));
        }
        return added;
      }),
    );
  }

  async claimDueNotifications(now: Date, leaseUntil: Date, limit: number): Promise<OutboxNotification[]> {
    const due = await this.#read(() =>
      this.#guard
        .selectFrom('outbox')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', this.#time(now))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .execute(),
    );
    const claimed: OutboxNotification[] = [];
    for (const row of due) {
      // Compare-and-set on the old due time: of two dispatchers reading the same row, one wins the lease.
      const result = await this.#run({}, () =>
        this.#guard
          .updateTable('outbox')
          .set({ next_attempt_at: this.#time(leaseUntil) })
          .where('id', '=', row.id)
          .where('status', '=', 'pending')
          .where('next_attempt_at', '=', row.next_attempt_at)
          .executeTakeFirst(),
      );
      if (Number(result.numUpdatedRows) === 1) claimed.push(adaptNotification({ ...row, next_attempt_at: leaseUntil }));
    }
    return claimed;
  }

  async recordNotificationAttempt(id: number, attempt: NotificationAttempt): Promise<OutboxNotification | null> {
    const now = new Date();
    const row = await this.#run({}, () =>
      this.#guard
        .updateTable('outbox')
        .set((eb) => ({
          status: attempt.status,
          attempts: eb('attempts', '+', 1),
          last_error: attempt.status === 'sent' ? null : attempt.error.slice(0, 2000),
          updated_at: this.#time(now),
          ...(attempt.status === 'pending' ? { next_attempt_at: this.#time(attempt.nextAttemptAt) } : {}),
        }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    );
    return row ? adaptNotification(row) : null;
  }

  async listNotifications(query: NotificationQuery = {}): Promise<OutboxNotification[]> {
    const rows = await this.#read(() =>
      this.#guard
        .selectFrom('outbox')
        .selectAll()
        .$if(query.status !== undefined, (q) => q.where('status', '=', query.status ?? ''))
        .$if(query.callId !== undefined, (q) => q.where('call_id', '=', query.callId ?? ''))
        .orderBy('id', 'desc')
        .limit(query.limit ?? defaultListLimit)
        .execute(),
    );
    return rows.map(adaptNotification);
  }

  async purgeNotifications(before: Date): Promise<number> {
    const result = await this.#run({}, () =>
      this.#guard
        .deleteFrom('outbox')
        .where('status', 'in', ['sent', 'failed'])
        .where('updated_at', '<', this.#time(before))
        .executeTakeFirst(),
    );
    return Number(result.numDeletedRows);
  }

  async saveGuardEvidence(evidence: GuardEvidence): Promise<void> {
    const values = {
      call_id: evidence.callId,
      resident_id: evidence.residentId,
      number: evidence.number,
      presented: evidence.presented,
      level: evidence.level,
      risk: evidence.risk,
      stages: JSON.stringify(evidence.stages),
      reasons: JSON.stringify(evidence.reasons),
      turns: JSON.stringify(evidence.turns),
      flagged_at: this.#time(evidence.flaggedAt),
      expires_at: this.#time(evidence.expiresAt),
    };
    const { call_id: _key, flagged_at: _first, ...changes } = values;
    await this.#run({}, () =>
      this.#guard
        .insertInto('guard_evidence')
        .values(values)
        .onConflict((conflict) => conflict.column('call_id').doUpdateSet(changes))
        .execute(),
    );
  }

  async getGuardEvidence(callId: string): Promise<GuardEvidence | null> {
    const row = await this.#read(() =>
      this.#guard.selectFrom('guard_evidence').selectAll().where('call_id', '=', callId).executeTakeFirst(),
    );
    return row ? adaptEvidence(row) : null;
  }

  async listGuardEvidence(query: GuardEvidenceQuery = {}, now: Date = new Date()): Promise<GuardEvidence[]> {
    const ids = query.residentIds;
    if (ids?.length === 0) return [];
    const rows = await this.#read(() =>
      this.#guard
        .selectFrom('guard_evidence')
        .selectAll()
        .where('expires_at', '>', this.#time(now))
        .$if(ids !== undefined, (q) => q.where('resident_id', 'in', [...(ids ?? [])]))
        .orderBy('flagged_at', 'desc')
        .orderBy('call_id')
        .limit(query.limit ?? defaultListLimit)
        .execute(),
    );
    return rows.map(adaptEvidence);
  }

  async recordCampaignWarning(warning: Omit<CampaignWarning, 'warnedAt'> & { warnedAt?: Date }): Promise<boolean> {
    const row = await this.#run({}, () =>
      this.#tokens
        .insertInto('campaign_warnings')
        .values({
          campaign_id: warning.campaignId,
          resident_id: warning.residentId,
          district: warning.district,
          messages: warning.messages,
          warned_at: this.#time(warning.warnedAt ?? new Date()),
        })
        .onConflict((conflict) => conflict.columns(['campaign_id', 'resident_id']).doNothing())
        .returning('campaign_id')
        .executeTakeFirst(),
    );
    return row !== undefined;
  }

  async listCampaignWarnings(query: { campaignId?: number; residentId?: number } = {}): Promise<CampaignWarning[]> {
    const rows = await this.#read(() =>
      this.#tokens
        .selectFrom('campaign_warnings')
        .selectAll()
        .$if(query.campaignId !== undefined, (q) => q.where('campaign_id', '=', query.campaignId ?? 0))
        .$if(query.residentId !== undefined, (q) => q.where('resident_id', '=', query.residentId ?? 0))
        .orderBy('campaign_id')
        .orderBy('resident_id')
        .execute(),
    );
    return rows.map((row) => ({
      campaignId: row.campaign_id,
      residentId: row.resident_id,
      district: row.district,
      messages: row.messages,
      warnedAt: toDate(row.warned_at),
    }));
  }

  async purgeGuardEvidence(now: Date): Promise<number> {
    const result = await this.#run({}, () =>
      this.#guard.deleteFrom('guard_evidence').where('expires_at', '<=', this.#time(now)).executeTakeFirst(),
    );
    return Number(result.numDeletedRows);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.destroy();
  }

  // Plumbing

  /** A transaction that changes screening facts; callers append their `fact_changes` row inside it. */
  async #factWrite<T>(context: ErrorContext, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    try {
      return await this.#db.transaction().execute(async (trx) => {
        // Without this, two concurrent PostgreSQL transactions could commit their changes out of `seq` order and a
        // follower reading `changesSince` between the commits would skip one for good.
        if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${factLockKey})`.execute(trx);
        return work(trx);
      });
    } catch (error) {
      throw toStoreError(error, { ...this.#where, ...context });
    }
  }

  async #run<T>(context: ErrorContext, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toStoreError(error, { ...this.#where, ...context });
    }
  }

  #read<T>(work: () => Promise<T>): Promise<T> {
    return this.#run({}, work);
  }

  async #change(trx: Transaction<Database>, kind: FactKind, number: string | null, residentId: number | null) {
    await trx
      .insertInto('fact_changes')
      .values({ kind, number, resident_id: residentId, at: this.#time(new Date()) })
      .execute();
  }

  /** SQLite keeps ISO-8601 text (which sorts as time does); PostgreSQL a `timestamptz`. */
  #time(date: Date): Date | string {
    return this.dialect === 'postgres' ? date : date.toISOString();
  }

  async *#pages<Row, Key, Item>(
    pageSize: number,
    fetch: (after: Key, limit: number) => Promise<Row[]>,
    keyOf: (row: Row) => Key,
    first: Key,
    adapt: (row: Row) => Item,
  ): AsyncGenerator<Item[]> {
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
      throw new StoreError('invalid', `a page size must be a positive whole number, not ${pageSize}`);
    }
    let after = first;
    for (;;) {
      const rows = await this.#read(() => fetch(after, pageSize));
      const last = rows.at(-1);
      if (last === undefined) return;
      yield rows.map(adapt);
      if (rows.length < pageSize) return;
      after = keyOf(last);
    }
  }

  #adaptResident(row: Selectable<ResidentsTable>): Resident {
    return {
      id: row.id,
      number: row.number as E164,
      country: row.country,
      name: row.name,
      postcode: row.postcode,
      phoneUri: row.phone_uri,
      settings: this.#storedSettings(row.id, row.settings),
      createdAt: toDate(row.created_at),
    };
  }

  /**
   * Stored settings go through the schema so rows written before a setting existed get its default. A field that
   * no longer validates falls back to its default (with a warning) rather than hiding the whole resident.
   */
  #storedSettings(residentId: number, text: string): ResidentSettings {
    let raw: unknown = {};
    try {
      raw = JSON.parse(text);
    } catch (error) {
      this.#log?.warn({ residentId, err: error }, 'resident settings are not valid JSON; using the defaults');
    }
    const parsed = residentSettingsSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const kept: Record<string, unknown> = {};
    const stored = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    for (const [key, field] of Object.entries(residentSettingsSchema.shape)) {
      if (field.safeParse(stored[key]).success) kept[key] = stored[key];
    }
    this.#log?.warn(
      { residentId, issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) },
      'some stored resident settings are no longer valid; using their defaults',
    );
    return residentSettingsSchema.parse(kept);
  }
}

function validSettings(settings: ResidentSettings): ResidentSettings {
  const parsed = residentSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`);
  throw new StoreError('invalid', `invalid resident settings: ${issues.join('; ')}`);
}

function missingResident(id: number): StoreError {
  return new StoreError('not-found', `resident ${id} does not exist`);
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function adaptContact(row: Selectable<ContactsTable>): TrustedContact {
  return {
    id: row.id,
    residentId: row.resident_id,
    number: row.number as E164,
    name: row.name,
    createdAt: toDate(row.created_at),
  };
}

function adaptBlock(row: Selectable<BlocksTable>): BlockEntry {
  return {
    id: row.id,
    number: row.number as E164,
    reason: row.reason,
    source: row.source as BlockSource,
    residentId: row.resident_id,
    createdAt: toDate(row.created_at),
  };
}

function adaptDno(row: Selectable<DnoTable>): DnoEntry {
  return {
    number: row.number as E164,
    owner: row.owner,
    extra: JSON.parse(row.extra) as Record<string, string>,
    importedAt: toDate(row.imported_at),
  };
}

function adaptReport(row: Selectable<ReportsTable>): Report {
  return {
    id: row.id,
    number: row.number as E164 | null,
    presented: row.presented,
    residentId: row.resident_id,
    reporter: row.reporter,
    reporterKind: row.reporter_kind as Report['reporterKind'],
    type: row.type as ReportType,
    lossPence: Number(row.loss_pence),
    text: row.text,
    callId: row.call_id,
    status: row.status as ReportStatus,
    createdAt: toDate(row.created_at),
  };
}

function adaptCall(row: Selectable<CallsTable>): CallRecord {
  return {
    callId: row.call_id,
    residentId: row.resident_id,
    presented: row.presented,
    number: row.number as E164 | null,
    at: toDate(row.at),
    action: row.action as CallRecord['action'],
    risk: row.risk,
    reasons: JSON.parse(row.reasons) as Reason[],
    outcome: row.outcome,
  };
}

function adaptCampaign(row: Selectable<IntelligenceTables['campaigns']>, numbers: E164[]): Campaign {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind as CampaignKind,
    status: row.status as CampaignStatus,
    response: row.response as CampaignResponse,
    start: toDate(row.started_at),
    end: toDate(row.last_call_at),
    numbers,
    residentsReached: row.residents_reached,
    districts: JSON.parse(row.districts) as string[],
    calls: row.calls,
    flaggedCalls: row.flagged_calls,
    flaggedShare: row.flagged_share,
    reason: row.reason,
    explanations: JSON.parse(row.explanations) as string[],
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function adaptAudit(row: Selectable<IntelligenceTables['audit_log']>): AuditEntry {
  return {
    id: row.id,
    at: toDate(row.at),
    actor: row.actor,
    actorName: row.actor_name,
    action: row.action,
    number: row.number as E164 | null,
    campaignId: row.campaign_id,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
    reason: row.reason,
  };
}

/** `CM23`, `cm23 ` → `CM23`: the form postcode districts are compared in. */
function adaptNotification(row: Selectable<GuardTables['outbox']>): OutboxNotification {
  return {
    id: row.id,
    key: row.key,
    channel: oneOf(notificationChannels, row.channel, 'notification channel') as NotificationChannel,
    callId: row.call_id,
    residentId: row.resident_id,
    payload: JSON.parse(row.payload) as unknown,
    status: oneOf(notificationStatuses, row.status, 'notification status') as NotificationStatus,
    attempts: row.attempts,
    nextAttemptAt: toDate(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function adaptEvidence(row: Selectable<GuardTables['guard_evidence']>): GuardEvidence {
  return {
    callId: row.call_id,
    residentId: row.resident_id,
    number: row.number as E164 | null,
    presented: row.presented,
    level: row.level,
    risk: row.risk,
    stages: JSON.parse(row.stages) as GuardEvidence['stages'],
    reasons: JSON.parse(row.reasons) as GuardEvidence['reasons'],
    turns: JSON.parse(row.turns) as GuardEvidence['turns'],
    flaggedAt: toDate(row.flagged_at),
    expiresAt: toDate(row.expires_at),
  };
}

function oneOf(values: readonly string[], value: string, what: string): string {
  if (values.includes(value)) return value;
  throw new StoreError('corrupt', `stored ${what} '${value}' is not one of ${values.join(', ')}`);
}

function normaliseArea(area: string | undefined): string | undefined {
  return area
    ?.toUpperCase()
    .replace(/[^A-Z0-9 ]/g, '')
    .trim();
}

function adaptTokenInfo(row: Selectable<TokenRow>): ApiTokenInfo {
  return {
    ...adaptToken(row),
    lastUsedAt: row.last_used_at === null ? null : toDate(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : toDate(row.revoked_at),
  };
}

function adaptToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as ApiToken['role'],
    residentIds: JSON.parse(row.resident_ids) as number[],
    createdAt: toDate(row.created_at),
  };
}
