/**
 * The storage port: everything CallWarden keeps, behind one interface implemented once over a Kysely query builder
 * for both SQLite (default, embedded) and PostgreSQL. Rows become domain objects here and nowhere else.
 */

import type { CampaignKind, CampaignResponse, CampaignStatus } from '../campaigns/detect-campaigns.js';
import type { E164 } from '../numbers/phone-number.js';
import type { ReporterKind, ReportStatus } from '../reputation/reputation.js';
import type { Resident, ResidentSettings, TrustedContact } from '../residents/resident.js';
import type { Action, Reason } from '../screening/policy.js';

/** `guard`: the live call guard ended a fraudulent call and blocked the number for that resident. */
export const blockSources = ['admin', 'resident', 'carer', 'analyst', 'campaign', 'import', 'keypad', 'guard'] as const;
export type BlockSource = (typeof blockSources)[number];

export interface BlockEntry {
  id: number;
  number: E164;
  reason: string;
  source: BlockSource;
  /** Null: blocked for every resident; otherwise only for this resident. */
  residentId: number | null;
  createdAt: Date;
}

export interface DnoEntry {
  number: E164;
  owner: string | null;
  /** Other CSV columns, kept for explanations. */
  extra: Record<string, string>;
  importedAt: Date;
}

export const reportTypes = [
  'courier-fraud',
  'bank-impersonation',
  'police-impersonation',
  'vouchers',
  'tech-support',
  'other',
] as const;
export type ReportType = (typeof reportTypes)[number];

export interface Report {
  id: number;
  /** Normalised caller number (null when the caller withheld it or it could not be parsed). */
  number: E164 | null;
  /** The caller ID exactly as presented. */
  presented: string;
  residentId: number | null;
  reporter: string;
  reporterKind: ReporterKind;
  type: ReportType;
  /** Money lost, in pence (integer, to avoid float rounding). */
  lossPence: number;
  text: string | null;
  callId: string | null;
  status: ReportStatus;
  createdAt: Date;
}

export interface CallRecord {
  /** Unique id of the call (SIP Call-ID or a generated UUID). */
  callId: string;
  residentId: number | null;
  presented: string;
  number: E164 | null;
  at: Date;
  action: Action;
  risk: number;
  reasons: Reason[];
  /** How the call ended or was handled after the decision (`ringing`, `answered`, `rejected`, `fail-open`, ...). */
  outcome: string | null;
}

export interface ApiToken {
  id: number;
  name: string;
  role: 'admin' | 'carer' | 'analyst';
  /** Residents a carer token may see and manage; empty for other roles. */
  residentIds: number[];
  createdAt: Date;
}

/** A token as an administrator sees it: never the secret, but whether and when it was used or revoked. */
export interface ApiTokenInfo extends ApiToken {
  /** Last accepted request (kept to the minute), null when never used. */
  lastUsedAt: Date | null;
  /** When it was revoked; a revoked token is refused at once. */
  revokedAt: Date | null;
}

/** The record that a resident's carers were warned about one scam campaign (once per campaign per resident). */
export interface CampaignWarning {
  campaignId: number;
  residentId: number;
  district: string;
  /** Messages queued in the outbox for this resident (0 when no channel reaches their carers). */
  messages: number;
  warnedAt: Date;
}

export interface GuardEvidenceQuery {
  /** Only these residents' calls (a carer's); all when absent. */
  residentIds?: readonly number[];
  limit?: number;
}

export type NewResident = Omit<Resident, 'id' | 'createdAt'>;
export type NewContact = Omit<TrustedContact, 'id' | 'createdAt'>;
export type NewBlock = Omit<BlockEntry, 'id' | 'createdAt'>;
export type NewReport = Omit<Report, 'id' | 'createdAt' | 'status'> & { at?: Date };

/** Result of a bulk import: nothing good is lost because of a bad line. */
export interface ImportResult {
  imported: number;
  updated: number;
}

export interface CallQuery {
  residentId?: number;
  since?: Date;
  until?: Date;
  limit?: number;
}

export interface ReportQuery {
  since?: Date;
  until?: Date;
  /** Postcode district of the reporting resident. */
  area?: string;
  type?: ReportType;
  number?: E164;
  limit?: number;
}

/** Every change that affects screening facts, in order; the screening index follows it. */
export interface FactChange {
  seq: number;
  kind: 'resident' | 'contact' | 'block' | 'dno' | 'report';
  number: string | null;
  residentId: number | null;
}

/** A scam campaign as stored: what the detector found, and its status (set by the campaign watch or an analyst). */
export interface Campaign {
  id: number;
  /** What the calls share: `number:+44…`, `range:+44207946…` or `script:courier-fraud`. */
  key: string;
  kind: CampaignKind;
  status: CampaignStatus;
  response: CampaignResponse;
  start: Date;
  /** The campaign's last call so far. */
  end: Date;
  numbers: E164[];
  residentsReached: number;
  districts: string[];
  calls: number;
  flaggedCalls: number;
  flaggedShare: number;
  reason: string;
  explanations: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type CampaignWrite = Omit<Campaign, 'id' | 'createdAt' | 'updatedAt'>;

export interface CampaignQuery {
  statuses?: readonly CampaignStatus[];
  key?: string;
  /** Campaigns whose last call is at or after this time. */
  since?: Date;
  /** Campaigns that started before this time. */
  until?: Date;
  number?: E164;
  limit?: number;
}

/** One change to what CallWarden believes about a number or campaign: who, what, before and after, when. */
export interface AuditEntry {
  id: number;
  at: Date;
  /** `token:4`, `cli` or `campaign-watch`. */
  actor: string;
  /** The token's name, when a token acted. */
  actorName: string | null;
  /** `number.confirm`, `number.clear`, `campaign.detected`, `campaign.status`, `campaign.block`, `campaign.unblock`. */
  action: string;
  number: E164 | null;
  campaignId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: Date };

export interface AuditQuery {
  number?: E164;
  campaignId?: number;
  actions?: readonly string[];
  since?: Date;
  until?: Date;
  limit?: number;
}

/** Calls counted by decision, for published figures. */
export interface CallCountQuery {
  since?: Date;
  until?: Date;
  /** Postcode district of the called resident. */
  area?: string;
}

export const notificationChannels = ['webhook', 'email', 'bank'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];
export const notificationStatuses = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/** One message in the durable outbox: queued in the same breath as the decision, sent (and retried) later. */
export interface OutboxNotification {
  id: number;
  /** Unique: the same key queued twice is one notification. */
  key: string;
  channel: NotificationChannel;
  callId: string | null;
  residentId: number | null;
  /** What the channel's sender needs; validated by the sender, not here. */
  payload: unknown;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewNotification = Pick<OutboxNotification, 'key' | 'channel' | 'callId' | 'residentId' | 'payload'> & {
  /** When it may first be sent (default now). */
  at?: Date;
};

/** What became of one delivery attempt. */
export type NotificationAttempt =
  | { status: 'sent' }
  | { status: 'pending'; error: string; nextAttemptAt: Date }
  | { status: 'failed'; error: string };

export interface NotificationQuery {
  status?: NotificationStatus;
  callId?: string;
  limit?: number;
}

/** A turn kept as evidence of a flagged guarded call. */
export interface EvidenceTurn {
  turn: number;
  speaker: 'caller' | 'callee';
  text: string;
}

/**
 * What is kept of a flagged guarded call: the stages and reasons, and only the turns the reasons cite. Deleted when
 * it expires (`purgeGuardEvidence`); calls that end clean keep nothing.
 */
export interface GuardEvidence {
  callId: string;
  residentId: number | null;
  number: E164 | null;
  presented: string;
  /** Highest action level the call reached (`alert` or `end`). */
  level: string;
  risk: number;
  stages: string[];
  reasons: { turn: number; stage: string; text: string; source: string }[];
  turns: EvidenceTurn[];
  flaggedAt: Date;
  expiresAt: Date;
}

/** A REGISTER binding of a resident's phone, kept so the phone stays reachable across a restart until it expires. */
export interface SipBindingRecord {
  residentId: number;
  /** The Contact URI as registered (the Request-URI when the phone is rung). */
  contact: string;
  /** Where the REGISTER came from (outgoing calls from there are the resident's). */
  source: { transport: 'udp' | 'tcp'; address: string; port: number };
  callId: string;
  cseq: number;
  registeredAt: Date;
  expiresAt: Date;
}

/** The clear line armed for a resident after a call to them was blocked, reported or ended by the guard. */
export interface ClearLineFlag {
  residentId: number;
  /** The call that armed it, when known. */
  callId: string | null;
  /** Why, in words (`blocked`, `reported`, `ended by the call guard`, ...). */
  why: string;
  flaggedAt: Date;
  /** The clear line is no longer armed from here on. */
  expiresAt: Date;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';

  addResident(resident: NewResident): Promise<Resident>;
  updateResidentSettings(id: number, settings: ResidentSettings): Promise<Resident>;
  updateResident(id: number, changes: Partial<Pick<Resident, 'name' | 'postcode' | 'phoneUri'>>): Promise<Resident>;
  removeResident(id: number): Promise<boolean>;
  getResident(id: number): Promise<Resident | null>;
  findResidentByNumber(number: E164): Promise<Resident | null>;
  /** By id; `districts` keeps residents whose postcode district is one of these (`CM23`). */
  listResidents(options?: {
    ids?: number[];
    districts?: readonly string[];
    limit?: number;
    offset?: number;
  }): Promise<Resident[]>;

  addContact(contact: NewContact): Promise<TrustedContact>;
  removeContact(residentId: number, number: E164): Promise<boolean>;
  listContacts(residentId: number): Promise<TrustedContact[]>;
  findContact(residentId: number, number: E164): Promise<TrustedContact | null>;

  addBlock(entry: NewBlock): Promise<BlockEntry>;
  removeBlock(number: E164, residentId: number | null): Promise<boolean>;
  listBlocks(options?: { residentId?: number | null; limit?: number; offset?: number }): Promise<BlockEntry[]>;
  /** Blocks that apply to this resident: global ones and the resident's own. */
  findBlock(number: E164, residentId: number | null): Promise<BlockEntry | null>;

  /** Inserts or updates DNO entries in one transaction. */
  importDno(entries: Omit<DnoEntry, 'importedAt'>[]): Promise<ImportResult>;
  findDno(number: E164): Promise<DnoEntry | null>;
  listDno(options?: { limit?: number; offset?: number }): Promise<DnoEntry[]>;

  addReport(report: NewReport): Promise<Report>;
  setReportStatus(id: number, status: ReportStatus): Promise<Report | null>;
  listReports(query?: ReportQuery): Promise<Report[]>;
  reportsForNumber(number: E164): Promise<Report[]>;

  /** Sets (or replaces) the SIP digest HA1 of a resident's phone; false when the resident does not exist. */
  setSipCredential(residentId: number, ha1: string): Promise<boolean>;
  /** The resident's SIP digest HA1, null when none was set. */
  getSipCredential(residentId: number): Promise<{ residentId: number; ha1: string; updatedAt: Date } | null>;

  /**
   * Replaces every stored REGISTER binding of a resident with `bindings` in one transaction (an empty list removes
   * them all); bindings of a resident that no longer exists are dropped.
   *
   * @example
   * await store.replaceSipBindings(7, [{ residentId: 7, contact: 'sip:phone@192.0.2.10:5062', ... }]);
   */
  replaceSipBindings(residentId: number, bindings: readonly SipBindingRecord[]): Promise<void>;
  /** Bindings still live at `now` (expired ones are left out), oldest registration first. */
  listSipBindings(now?: Date): Promise<SipBindingRecord[]>;
  /**
   * Arms (or re-arms) the clear line of a resident; a resident that no longer exists is ignored.
   *
   * @example
   * await store.setClearLineFlag({ residentId: 7, callId: 'c-1', why: 'blocked', flaggedAt, expiresAt });
   */
  setClearLineFlag(flag: ClearLineFlag): Promise<void>;
  /** Clear-line flags still armed at `now` (expired ones are left out). */
  listClearLineFlags(now?: Date): Promise<ClearLineFlag[]>;
  /** Deletes bindings and clear-line flags that expired at or before `now`; returns how many rows went. */
  purgeSipState(now: Date): Promise<number>;

  recordCall(call: CallRecord): Promise<void>;
  /**
   * Writes a batch of call records and outcome updates in one transaction (records first; a record already present
   * is kept as it is). The write-behind call log uses it to keep disk syncs off the path of every ring.
   */
  writeCallLog(batch: { records: CallRecord[]; outcomes: { callId: string; outcome: string }[] }): Promise<void>;
  setCallOutcome(callId: string, outcome: string): Promise<void>;
  listCalls(query?: CallQuery): Promise<CallRecord[]>;
  getCall(callId: string): Promise<CallRecord | null>;

  /** Every resident's trusted contact entry for this number (screening rings them through whatever else is known). */
  contactsWithNumber(number: E164): Promise<TrustedContact[]>;

  /** Inserts a campaign (no `id`) or replaces one (with `id`), with its numbers, in one transaction. */
  saveCampaign(campaign: CampaignWrite & { id?: number }): Promise<Campaign>;
  getCampaign(id: number): Promise<Campaign | null>;
  /** Newest first (by start). */
  listCampaigns(query?: CampaignQuery): Promise<Campaign[]>;
  setCampaignStatus(id: number, status: CampaignStatus): Promise<Campaign | null>;

  addAuditEntry(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  listAudit(query?: AuditQuery): Promise<AuditEntry[]>;

  /** Number of calls per screening decision; `since` inclusive, `until` exclusive. */
  countCalls(query?: CallCountQuery): Promise<Record<Action, number>>;

  /** Creates a token; the secret is returned once and only its hash is stored. */
  createToken(token: Omit<ApiToken, 'id' | 'createdAt'>): Promise<{ token: ApiToken; secret: string }>;
  /** The token of this secret unless revoked; notes when it was used (at most one write a minute per token). */
  findTokenBySecret(secret: string): Promise<ApiToken | null>;
  /** Every token, oldest first (revoked ones too unless `activeOnly`); never the secrets. */
  listTokens(options?: { activeOnly?: boolean }): Promise<ApiTokenInfo[]>;
  getToken(id: number): Promise<ApiTokenInfo | null>;
  /** Revokes a token (refused from now on); a token revoked before keeps its first time. Null when unknown. */
  revokeToken(id: number, at?: Date): Promise<ApiTokenInfo | null>;

  /** Bulk loaders for the in-memory screening index (streamed in pages to bound memory). */
  iterateResidents(pageSize?: number): AsyncIterable<Resident[]>;
  iterateContacts(pageSize?: number): AsyncIterable<TrustedContact[]>;
  iterateBlocks(pageSize?: number): AsyncIterable<BlockEntry[]>;
  iterateDno(pageSize?: number): AsyncIterable<DnoEntry[]>;
  iterateReports(pageSize?: number): AsyncIterable<Report[]>;

  /** Queues notifications in one transaction; a key already queued is kept as it is. Returns those newly queued. */
  enqueueNotifications(items: NewNotification[]): Promise<OutboxNotification[]>;
  /**
   * Takes up to `limit` pending notifications due at `now`, oldest first, and leases them until `leaseUntil` (their
   * `nextAttemptAt` moves there) so another dispatcher does not send them too; a dispatcher that dies mid-send
   * leaves them to be retried when the lease runs out.
   */
  claimDueNotifications(now: Date, leaseUntil: Date, limit: number): Promise<OutboxNotification[]>;
  /** Records one attempt (attempts + 1) and its outcome. */
  recordNotificationAttempt(id: number, attempt: NotificationAttempt): Promise<OutboxNotification | null>;
  /** Newest first. */
  listNotifications(query?: NotificationQuery): Promise<OutboxNotification[]>;
  /** Deletes sent and failed notifications last changed before `before`; returns how many. */
  purgeNotifications(before: Date): Promise<number>;

  /** Inserts or replaces the evidence of one flagged call. */
  saveGuardEvidence(evidence: GuardEvidence): Promise<void>;
  getGuardEvidence(callId: string): Promise<GuardEvidence | null>;
  /** Evidence of flagged calls, newest first (expired evidence that was not purged yet is left out). */
  listGuardEvidence(query?: GuardEvidenceQuery, now?: Date): Promise<GuardEvidence[]>;

  /** Records that a resident's carers were warned about a campaign; false (and nothing changed) when already so. */
  recordCampaignWarning(warning: Omit<CampaignWarning, 'warnedAt'> & { warnedAt?: Date }): Promise<boolean>;
  listCampaignWarnings(query?: { campaignId?: number; residentId?: number }): Promise<CampaignWarning[]>;
  /** Deletes evidence that expired at or before `now`; returns how many calls' evidence went. */
  purgeGuardEvidence(now: Date): Promise<number>;

  /** Changes after `seq` (exclusive), oldest first; `latestChange()` is the newest seq (0 when none). */
  changesSince(seq: number, limit?: number): Promise<FactChange[]>;
  latestChange(): Promise<number>;

  close(): Promise<void>;
}

/** Expected storage failures, mapped to clear messages at every edge. */
export class StoreError extends Error {
  constructor(
    readonly code: 'not-found' | 'conflict' | 'corrupt' | 'locked' | 'read-only' | 'unavailable' | 'invalid',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
