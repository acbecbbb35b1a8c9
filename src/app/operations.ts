/**
 * The operations users perform, shared by the CLI and the HTTP API: input is validated and numbers normalised here,
 * once, so both edges behave the same. Expected failures throw `OperationError`.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { E164, PhoneNumber } from '../numbers/phone-number.js';
import { isWithheldPresentation, parseNumber } from '../numbers/phone-number.js';
import { computeReputation, type ReporterKind, type Reputation } from '../reputation/reputation.js';
import type { Resident, ResidentSettings, TrustedContact } from '../residents/resident.js';
import { residentSettingsSchema } from '../residents/resident.js';
import type { Attestation, Decision, IncomingCall } from '../screening/policy.js';
import { decideScreening } from '../screening/policy.js';
import type { BlockEntry, BlockSource, CallRecord, DnoEntry, Report, ReportType, Store } from '../store/store.js';
import { reportTypes, StoreError } from '../store/store.js';
import type { FactsLookup } from './facts-lookup.js';
import { storeLookup, toEvidence } from './facts-lookup.js';
import { invalid, notFound, OperationError } from './operation-error.js';

export interface OperationsDeps {
  store: Store;
  region: string;
  /** Facts for screening; defaults to querying the store. */
  lookup?: FactsLookup;
  now?: () => Date;
}

export interface ScreenInput {
  from: string;
  to: string;
  at?: Date;
  withheld?: boolean;
  attestation?: Attestation | null;
  callId?: string;
}

export interface ScreenResult {
  decision: Decision;
  resident: Resident;
  call: IncomingCall;
}

export interface DnoImportResult {
  imported: number;
  updated: number;
  rejected: { line: number; error: string }[];
}

export interface NumberReport {
  number: string;
  national: string;
  valid: boolean;
  kind: string;
  country: string | null;
  special: string | null;
  blocked: { reason: string; source: string; residentId: number | null; since: string } | null;
  doNotOriginate: { owner: string | null } | null;
  reputation: Reputation;
  /** How many residents have this number as a trusted contact. */
  trustedContactOf: number;
  reports: {
    id: number;
    type: ReportType;
    at: string;
    status: string;
    lossPounds: number;
    residentId: number | null;
  }[];
  /** Plain-words summary of the above. */
  why: string[];
}

export type Operations = ReturnType<typeof createOperations>;

export function createOperations(deps: OperationsDeps) {
  const { store, region } = deps;
  const now = deps.now ?? (() => new Date());
  const lookup = deps.lookup ?? storeLookup(store, now);

  function number(raw: unknown, field: string): PhoneNumber {
    if (typeof raw !== 'string' || raw.trim() === '') throw invalid(`${field} is required (a phone number)`, field);
    const result = parseNumber(raw, region);
    if (!result.ok) throw invalid(`${field}: ${result.error}`, field);
    return result.number;
  }

  /** A full, valid number that can be stored on a list (short codes and impossible numbers are refused). */
  function listableNumber(raw: unknown, field: string): E164 {
    const parsed = number(raw, field);
    if (parsed.e164 === null) {
      throw invalid(`${field}: ${parsed.national} is a short code, not a full phone number`, field);
    }
    if (!parsed.valid) throw invalid(`${field}: ${parsed.e164} is not a valid phone number`, field);
    return parsed.e164;
  }

  async function residentByNumber(raw: unknown, field = 'resident'): Promise<Resident> {
    const e164 = listableNumber(raw, field);
    const resident = await store.findResidentByNumber(e164);
    if (!resident) throw notFound(`no resident with number ${e164}; add one with 'callwarden resident add'`);
    return resident;
  }

  async function residentById(id: number): Promise<Resident> {
    const resident = await store.getResident(id);
    if (!resident) throw notFound(`no resident with id ${id}`);
    return resident;
  }

  /** Decides one incoming call without recording it: the hot path before every ring. */
  async function decide(input: ScreenInput): Promise<ScreenResult> {
    const to = listableNumber(input.to, 'to');
    const resident = await lookup.residentByNumber(to);
    if (!resident) throw notFound(`no resident with number ${to}: CallWarden does not protect that line`);
    const call = incomingCall(input, region, now);
    const facts = await lookup.factsFor(resident, call.caller?.key ?? null);
    return { decision: decideScreening(call, facts), resident, call };
  }

  return {
    parseNumber: number,
    residentByNumber,
    residentById,

    async addResident(input: {
      number: unknown;
      name: unknown;
      postcode?: unknown;
      phone?: unknown;
      settings?: unknown;
    }): Promise<Resident> {
      const e164 = listableNumber(input.number, 'number');
      const name = requiredText(input.name, 'name', 200);
      const postcode = input.postcode == null || input.postcode === '' ? null : postcodeDistrict(input.postcode);
      const phoneUri = input.phone == null || input.phone === '' ? null : sipUri(input.phone);
      const settings = parseSettings(input.settings ?? {});
      const country = number(e164, 'number').country;
      return translate(() => store.addResident({ number: e164, country, name, postcode, phoneUri, settings }));
    },

    /** Changes a resident's name, postcode district or phone SIP URI; `null` or '' clears the optional ones. */
    async updateResident(
      id: number,
      input: { name?: unknown; postcode?: unknown; phone?: unknown },
    ): Promise<Resident> {
      await residentById(id);
      const changes: Partial<Pick<Resident, 'name' | 'postcode' | 'phoneUri'>> = {};
      if (input.name !== undefined) changes.name = requiredText(input.name, 'name', 200);
      if (input.postcode !== undefined) {
        changes.postcode = input.postcode === null || input.postcode === '' ? null : postcodeDistrict(input.postcode);
      }
      if (input.phone !== undefined) {
        changes.phoneUri = input.phone === null || input.phone === '' ? null : sipUri(input.phone);
      }
      return translate(() => store.updateResident(id, changes));
    },

    async updateResidentSettings(id: number, changes: unknown): Promise<Resident> {
      const resident = await residentById(id);
      const merged = parseSettings({ ...resident.settings, ...(isObject(changes) ? changes : {}) });
      if (!isObject(changes)) throw invalid('settings must be an object', 'settings');
      return translate(() => store.updateResidentSettings(id, merged));
    },

    async removeResident(id: number): Promise<void> {
      if (!(await store.removeResident(id))) throw notFound(`no resident with id ${id}`);
    },

    async addContact(input: { resident: Resident; number: unknown; name: unknown }): Promise<TrustedContact> {
      const e164 = listableNumber(input.number, 'number');
      const name = requiredText(input.name, 'name', 200);
      if (e164 === input.resident.number) throw invalid('a resident cannot be their own trusted contact', 'number');
      return translate(() => store.addContact({ residentId: input.resident.id, number: e164, name }));
    },

    async removeContact(resident: Resident, raw: unknown): Promise<void> {
      const e164 = listableNumber(raw, 'number');
      if (!(await store.removeContact(resident.id, e164))) {
        throw notFound(`${e164} is not a trusted contact of ${resident.name}`);
      }
    },

    async addBlock(input: {
      number: unknown;
      reason: unknown;
      source: BlockSource;
      resident?: Resident | null;
    }): Promise<BlockEntry> {
      const e164 = listableNumber(input.number, 'number');
      const reason = requiredText(input.reason, 'reason', 500);
      return translate(() =>
        store.addBlock({ number: e164, reason, source: input.source, residentId: input.resident?.id ?? null }),
      );
    },

    async removeBlock(raw: unknown, resident: Resident | null): Promise<void> {
      const e164 = listableNumber(raw, 'number');
      if (!(await store.removeBlock(e164, resident?.id ?? null))) throw notFound(`${e164} is not on the block list`);
    },

    /**
     * Imports a Do-Not-Originate CSV (header row; `number` required, `owner` and other columns kept). Bad lines are
     * reported with their line number and skipped; every good line is imported.
     */
    async importDnoCsv(text: string): Promise<DnoImportResult> {
      // Each line is parsed on its own: DNO rows never span lines, and a stray quote on one line must not swallow
      // the lines after it. Bad lines are reported by number; every good line is imported.
      const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
      const header = readCsvLine(lines[0] ?? '');
      const columns = header.ok ? header.cells.map((cell) => cell.trim().toLowerCase()) : [];
      const numberColumn = columns.indexOf('number');
      if (numberColumn < 0) {
        throw invalid(
          `the CSV file has no 'number' column in its header (found: ${(lines[0] ?? '').slice(0, 120) || 'nothing'})`,
        );
      }
      const rejected: DnoImportResult['rejected'] = [];
      const entries: Omit<DnoEntry, 'importedAt'>[] = [];
      const seen = new Set<string>();
      lines.forEach((line, at) => {
        if (at === 0 || line.trim() === '') return;
        const lineNumber = at + 1;
        const row = readCsvLine(line);
        if (!row.ok) {
          rejected.push({ line: lineNumber, error: row.error });
          return;
        }
        if (row.cells.length > columns.length) {
          rejected.push({
            line: lineNumber,
            error: `has ${row.cells.length} columns but the header has ${columns.length}; a comma in a value must be quoted`,
          });
          return;
        }
        const record = Object.fromEntries(columns.map((column, i) => [column, (row.cells[i] ?? '').trim()]));
        const { number: raw = '', owner, ...rest } = record;
        const parsed = parseNumber(raw, region);
        if (!parsed.ok) {
          rejected.push({ line: lineNumber, error: `number: ${parsed.error}` });
          return;
        }
        if (parsed.number.e164 === null) {
          rejected.push({
            line: lineNumber,
            error: `number: ${raw} is a short code; those are always treated as spoofed`,
          });
          return;
        }
        if (seen.has(parsed.number.e164)) return;
        seen.add(parsed.number.e164);
        const extra = Object.fromEntries(Object.entries(rest).filter(([key, value]) => value !== '' && key !== ''));
        entries.push({ number: parsed.number.e164, owner: owner ? owner : null, extra });
      });
      const result = entries.length > 0 ? await translate(() => store.importDno(entries)) : { imported: 0, updated: 0 };
      return { ...result, rejected };
    },

    async addReport(input: {
      number: unknown;
      resident?: Resident | null;
      type?: unknown;
      lossPounds?: unknown;
      text?: unknown;
      callId?: string | null;
      reporter: string;
      reporterKind: ReporterKind;
    }): Promise<Report> {
      const presented = typeof input.number === 'string' ? input.number : '';
      const parsed = number(input.number, 'number');
      const type = input.type == null || input.type === '' ? 'other' : input.type;
      if (typeof type !== 'string' || !(reportTypes as readonly string[]).includes(type)) {
        throw invalid(`type must be one of ${reportTypes.join(', ')}`, 'type');
      }
      const lossPence = poundsToPence(input.lossPounds);
      const text = input.text == null || input.text === '' ? null : requiredText(input.text, 'text', 5000);
      return translate(() =>
        store.addReport({
          number: parsed.e164,
          presented,
          residentId: input.resident?.id ?? null,
          reporter: input.reporter,
          reporterKind: input.reporterKind,
          type: type as ReportType,
          lossPence,
          text,
          callId: input.callId ?? null,
        }),
      );
    },

    decide,

    /**
     * Decides one incoming call and records it in the call log. A failure to record never changes the decision:
     * it is returned as `recordError` for the caller to log and count.
     */
    async screen(input: ScreenInput): Promise<ScreenResult & { callId: string; recordError: Error | null }> {
      const result = await decide(input);
      const callId = input.callId ?? crypto.randomUUID();
      let recordError: Error | null = null;
      try {
        await store.recordCall(callRecordOf(result, callId));
      } catch (error) {
        recordError = error instanceof Error ? error : new Error(String(error));
      }
      return { ...result, callId, recordError };
    },

    /** Everything CallWarden knows about a number, and why it would treat it as it does. */
    async showNumber(raw: unknown): Promise<NumberReport> {
      const parsed = number(raw, 'number');
      const e164 = parsed.e164;
      const [block, dno, reports, contacts] = e164
        ? await Promise.all([
            store.findBlock(e164, null),
            store.findDno(e164),
            store.reportsForNumber(e164),
            store.contactsWithNumber(e164),
          ])
        : [null, null, [] as Report[], []];
      const reputation = computeReputation(reports.map(toEvidence), now());
      const why: string[] = [];
      if (parsed.special) why.push(`This is ${parsed.special.name}; it never makes calls, so it is always blocked.`);
      if (!parsed.valid && !parsed.special) why.push('This is not a valid phone number; a call showing it is blocked.');
      if (dno)
        why.push(
          `It is on the Do-Not-Originate list${dno.owner ? ` (${dno.owner})` : ''}: calls showing it are spoofed.`,
        );
      if (block) why.push(`It is on the block list: ${block.reason} (added by ${block.source}).`);
      const contactOf = new Set(contacts.map((contact) => contact.residentId)).size;
      if (contactOf > 0) {
        why.push(
          `It is a trusted contact of ${contactOf === 1 ? 'one resident' : `${contactOf} residents`}: they always get its calls, and reports never block it automatically.`,
        );
      }
      if (reputation.verdict === 'scam') {
        why.push(`${reputation.distinctReporters} different people reported it as a scam: calls are blocked.`);
      } else if (reputation.verdict === 'suspicious') {
        why.push('It has been reported as suspicious: callers must say who they are first.');
      }
      if (why.length === 0) why.push('Nothing is known against this number; unknown callers are screened.');
      return {
        number: parsed.key,
        national: parsed.national,
        valid: parsed.valid,
        kind: parsed.kind,
        country: parsed.country,
        special: parsed.special?.name ?? null,
        blocked: block
          ? {
              reason: block.reason,
              source: block.source,
              residentId: block.residentId,
              since: block.createdAt.toISOString(),
            }
          : null,
        doNotOriginate: dno ? { owner: dno.owner } : null,
        reputation,
        trustedContactOf: contactOf,
        reports: reports.map((r) => ({
          id: r.id,
          type: r.type,
          at: r.createdAt.toISOString(),
          status: r.status,
          lossPounds: r.lossPence / 100,
          residentId: r.residentId,
        })),
        why,
      };
    },
  };
}

/** The call-log record of a decided call. */
export function callRecordOf(result: ScreenResult, callId: string): CallRecord {
  return {
    callId,
    residentId: result.resident.id,
    presented: result.call.presented,
    number: result.call.caller?.e164 ?? null,
    at: result.call.at,
    action: result.decision.action,
    risk: result.decision.risk,
    reasons: result.decision.reasons,
    outcome: null,
  };
}

/** Builds the policy's view of a call from what the network (or a user) presented. */
export function incomingCall(input: ScreenInput, region: string, now: () => Date): IncomingCall {
  const presented = input.from ?? '';
  const withheld = input.withheld === true || isWithheldPresentation(presented);
  let caller: PhoneNumber | null = null;
  let callerError: string | null = null;
  if (!withheld) {
    const parsed = parseNumber(presented, region);
    if (parsed.ok) caller = parsed.number;
    else callerError = parsed.error;
  }
  return { presented, caller, callerError, withheld, at: input.at ?? now(), attestation: input.attestation ?? null };
}

/** Parses one CSV line (RFC 4180 quoting) with csv-parse; a malformed line comes back as an error to report. */
function readCsvLine(line: string): { ok: true; cells: string[] } | { ok: false; error: string } {
  try {
    const rows = parseCsv(line, { relax_column_count: true }) as string[][];
    return { ok: true, cells: rows[0] ?? [] };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^Invalid [^:]*:\s*/, '') : String(error);
    return { ok: false, error: `unreadable CSV: ${message}` };
  }
}

function requiredText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} is required`, field);
  const text = value.trim();
  if (text.length > max) throw invalid(`${field} is too long (at most ${max} characters)`, field);
  return text;
}

function postcodeDistrict(value: unknown): string {
  if (typeof value !== 'string') throw invalid('postcode must be text', 'postcode');
  const district = value.trim().toUpperCase().split(/\s+/)[0] ?? '';
  if (!/^[A-Z]{1,2}\d[A-Z\d]?$/.test(district)) {
    throw invalid(`postcode: '${value}' is not a UK postcode district (like CM23)`, 'postcode');
  }
  return district;
}

function sipUri(value: unknown): string {
  if (typeof value !== 'string' || !/^sips?:[^\s@]+@[^\s]+$|^sips?:[^\s]+$/i.test(value.trim())) {
    throw invalid(`phone: '${String(value)}' is not a SIP URI (like sip:phone@192.0.2.10:5060)`, 'phone');
  }
  return value.trim();
}

function parseSettings(value: unknown): ResidentSettings {
  const parsed = residentSettingsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw invalid(`settings${path ? `.${path}` : ''}: ${issue?.message ?? 'invalid'}`, 'settings');
  }
  return parsed.data;
}

function poundsToPence(value: unknown): number {
  if (value == null || value === '') return 0;
  const amount =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(/[£,\s]/g, '')) : NaN;
  if (!Number.isFinite(amount) || amount < 0 || amount > 1e9) {
    throw invalid(`loss must be an amount in pounds such as 2500 or 2500.50 (got '${String(value)}')`, 'loss');
  }
  return Math.round(amount * 100);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Maps store failures that users can act on to operation errors; infrastructure failures pass through. */
async function translate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreError) {
      if (error.code === 'conflict') throw new OperationError('conflict', error.message);
      if (error.code === 'not-found') throw notFound(error.message);
      if (error.code === 'invalid') throw invalid(error.message);
    }
    throw error;
  }
}
