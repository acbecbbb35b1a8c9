/**
 * Intelligence operations shared by the CLI and the HTTP API: an analyst's verdict on a number (confirm: blocked for
 * everyone; clear: unblocked and its reports set aside), campaign review, the audit trail of every such change, and
 * the figures police and councils publish. Input is validated here; expected failures throw `OperationError`.
 *
 * @example
 * const intel = createIntelligence({ store, region: 'GB' });
 * await intel.confirmNumber('020 7946 0001', 'courier fraud, 4 victims', { id: 'cli', name: null });
 * const figures = await intel.figures({ since: new Date('2026-01-01'), area: 'CM23' });
 */
import { type CampaignStatus, campaignStatuses } from '../campaigns/detect-campaigns.js';
import { type CampaignScript, campaignWarningWords } from '../notifications/alert-messages.js';
import { type E164, parseNumber } from '../numbers/phone-number.js';
import { computeReputation, type ReputationVerdict } from '../reputation/reputation.js';
import type { Resident } from '../residents/resident.js';
import type { AuditEntry, AuditQuery, Campaign, CampaignQuery, Report, ReportType, Store } from '../store/store.js';
import {
  type Actor,
  type CampaignWatch,
  campaignBlockExemption,
  campaignScript,
  settleBlocks,
  warnsCarers,
} from './campaign-watch.js';
import { toEvidence } from './facts-lookup.js';
import { invalid, notFound } from './operation-error.js';

export type { Actor } from './campaign-watch.js';

/** What screening believes about a number, recorded before and after each change. */
export interface NumberState {
  blocked: { source: string; reason: string } | null;
  reports: { open: number; confirmed: number; rejected: number };
  verdict: ReputationVerdict;
}

export interface VerdictResult {
  number: E164;
  action: 'confirm' | 'clear';
  before: NumberState;
  after: NumberState;
  /** What else still decides how calls from the number are treated. */
  notes: string[];
  auditId: number;
}

/** Why reports alone can never block this number, in plain words (empty when they can). */
export interface NumberProtection {
  trustedContactOf: number;
  doNotOriginate: boolean;
  notes: string[];
}

/** Statuses an analyst may set; `active` and `ended` belong to the campaign watch. */
export const reviewStatuses = ['confirmed', 'dismissed'] as const satisfies readonly CampaignStatus[];
export type ReviewStatus = (typeof reviewStatuses)[number];

export interface FiguresQuery {
  since?: Date;
  until?: Date;
  /** Postcode district of the residents concerned. */
  area?: string;
}

interface Tally {
  reports: number;
  lossPounds: number;
}

export interface Figures {
  since: string | null;
  until: string | null;
  area: string | null;
  reports: Tally & {
    byType: (Tally & { type: ReportType })[];
    byMonth: (Tally & { month: string })[];
    byArea: (Tally & { area: string })[];
  };
  topReportedNumbers: (Tally & { number: string; distinctReporters: number })[];
  calls: { total: number; blocked: number; screened: number; voicemail: number; rung: number };
  campaigns: {
    total: number;
    byStatus: Record<CampaignStatus, number>;
    list: {
      id: number;
      status: CampaignStatus;
      start: string;
      residentsReached: number;
      districts: string[];
      reason: string;
    }[];
  };
}

/** A scam campaign touching a resident's district, in the words their carers are warned with. */
export interface CampaignAlert {
  campaignId: number;
  district: string;
  status: CampaignStatus;
  script: CampaignScript;
  start: Date;
  lastCall: Date;
  headline: string;
  advice: string;
  numbers: E164[];
}

/** How long after its last call a confirmed campaign is still shown to carers. */
const confirmedAlertMs = 24 * 3_600_000;

export interface IntelligenceDeps {
  store: Store;
  region: string;
  now?: () => Date;
  /** Runs a campaign scan on demand; without it `scan()` is refused. */
  watch?: Pick<CampaignWatch, 'scan'>;
}

export type Intelligence = ReturnType<typeof createIntelligence>;

const topNumbers = 10;

export function createIntelligence(deps: IntelligenceDeps) {
  const { store, region } = deps;
  const now = deps.now ?? (() => new Date());

  function fullNumber(raw: unknown): E164 {
    if (typeof raw !== 'string' || raw.trim() === '') throw invalid('number is required (a phone number)', 'number');
    const parsed = parseNumber(raw, region);
    if (!parsed.ok) throw invalid(`number: ${parsed.error}`, 'number');
    if (parsed.number.e164 === null) {
      throw invalid(`number: ${parsed.number.national} is a short code, not a full phone number`, 'number');
    }
    if (!parsed.number.valid) throw invalid(`number: ${parsed.number.e164} is not a valid phone number`, 'number');
    return parsed.number.e164;
  }

  function reasonText(raw: unknown): string {
    if (typeof raw !== 'string' || raw.trim() === '') throw invalid('reason is required', 'reason');
    if (raw.trim().length > 500) throw invalid('reason is too long (at most 500 characters)', 'reason');
    return raw.trim();
  }

  async function state(number: E164): Promise<NumberState> {
    const [block, reports] = await Promise.all([store.findBlock(number, null), store.reportsForNumber(number)]);
    const count = (status: Report['status']) => reports.filter((report) => report.status === status).length;
    return {
      blocked: block ? { source: block.source, reason: block.reason } : null,
      reports: { open: count('open'), confirmed: count('confirmed'), rejected: count('rejected') },
      verdict: computeReputation(reports.map(toEvidence), now()).verdict,
    };
  }

  async function protection(number: E164): Promise<NumberProtection> {
    const [contacts, dno] = await Promise.all([store.contactsWithNumber(number), store.findDno(number)]);
    const notes: string[] = [];
    if (contacts.length > 0) {
      const residents = contacts.length === 1 ? 'one resident' : `${contacts.length} residents`;
      notes.push(
        `It is a trusted contact of ${residents}: they are always rung through, and reports or campaigns never block it automatically.`,
      );
    }
    if (dno) {
      notes.push(
        'It is on the Do-Not-Originate list: calls showing it are blocked as spoofed, so reports about it are about impostors and never block the real owner.',
      );
    }
    return { trustedContactOf: new Set(contacts.map((c) => c.residentId)).size, doNotOriginate: dno !== null, notes };
  }

  async function setReports(number: E164, from: Report['status'][], to: Report['status']): Promise<void> {
    for (const report of await store.reportsForNumber(number)) {
      if (from.includes(report.status)) await store.setReportStatus(report.id, to);
    }
  }

  async function audit(entry: Omit<AuditEntry, 'id' | 'at' | 'actor' | 'actorName'>, actor: Actor) {
    return store.addAuditEntry({ ...entry, actor: actor.id, actorName: actor.name });
  }

  async function campaignById(id: number): Promise<Campaign> {
    const campaign = await store.getCampaign(id);
    if (!campaign) throw notFound(`there is no campaign with id ${id}`);
    return campaign;
  }

  return {
    fullNumber,
    protection,

    /**
     * Campaigns carers of this resident are warned about now: going on in the resident's postcode district and
     * flagged enough to block (or confirmed by an analyst, for a day after their last call). Newest first.
     */
    async campaignAlertsFor(resident: Resident): Promise<CampaignAlert[]> {
      const district = resident.postcode?.split(' ')[0]?.toUpperCase();
      if (!district) return [];
      const at = now();
      const campaigns = await store.listCampaigns({
        statuses: ['active', 'confirmed'],
        since: new Date(at.getTime() - confirmedAlertMs),
      });
      const alerts: CampaignAlert[] = [];
      for (const campaign of campaigns) {
        if (!warnsCarers(campaign) || !campaign.districts.includes(district)) continue;
        const script = await campaignScript(store, campaign);
        const words = campaignWarningWords({
          district,
          script,
          lastCall: campaign.end,
          numbers: campaign.numbers,
          timeZone: resident.settings.timeZone,
        });
        alerts.push({
          campaignId: campaign.id,
          district,
          status: campaign.status,
          script,
          start: campaign.start,
          lastCall: campaign.end,
          numbers: campaign.numbers,
          ...words,
        });
      }
      return alerts;
    },

    /** Blocks the number for every resident and confirms its open reports; audited. */
    async confirmNumber(raw: unknown, rawReason: unknown, actor: Actor): Promise<VerdictResult> {
      const number = fullNumber(raw);
      const reason = reasonText(rawReason);
      const before = await state(number);
      await store.addBlock({
        number,
        reason: `confirmed by an analyst: ${reason}`,
        source: 'analyst',
        residentId: null,
      });
      await setReports(number, ['open'], 'confirmed');
      const after = await state(number);
      const entry = await audit({ action: 'number.confirm', number, campaignId: null, before, after, reason }, actor);
      return { number, action: 'confirm', before, after, notes: (await protection(number)).notes, auditId: entry.id };
    },

    /**
     * Takes the number off the global block list and sets its reports aside (rejected), so neither blocks it; a
     * resident's own block stays (their choice). New reports count again. Campaigns no longer block it. Audited.
     */
    async clearNumber(raw: unknown, rawReason: unknown, actor: Actor): Promise<VerdictResult> {
      const number = fullNumber(raw);
      const reason = reasonText(rawReason);
      const before = await state(number);
      await store.removeBlock(number, null);
      await setReports(number, ['open', 'confirmed'], 'rejected');
      const after = await state(number);
      const entry = await audit({ action: 'number.clear', number, campaignId: null, before, after, reason }, actor);
      const notes = (await protection(number)).notes;
      const own = (await store.listBlocks({ limit: 10_000 })).filter(
        (b) => b.number === number && b.residentId !== null,
      );
      if (own.length > 0) notes.push(`${own.length} resident(s) blocked it themselves; those blocks stay.`);
      return { number, action: 'clear', before, after, notes, auditId: entry.id };
    },

    async listCampaigns(query: CampaignQuery = {}): Promise<Campaign[]> {
      return store.listCampaigns(query);
    },

    getCampaign: campaignById,

    /** An analyst confirms a campaign (its numbers stay blocked) or dismisses it (its blocks are lifted); audited. */
    async reviewCampaign(id: number, rawStatus: unknown, rawReason: unknown, actor: Actor): Promise<Campaign> {
      if (typeof rawStatus !== 'string' || !(reviewStatuses as readonly string[]).includes(rawStatus)) {
        throw invalid(`status must be one of ${reviewStatuses.join(', ')}`, 'status');
      }
      const status = rawStatus as ReviewStatus;
      const reason = rawReason == null || rawReason === '' ? null : reasonText(rawReason);
      const before = await campaignById(id);
      const after = await store.setCampaignStatus(id, status);
      if (!after) throw notFound(`there is no campaign with id ${id}`);
      await audit(
        {
          action: 'campaign.status',
          number: null,
          campaignId: id,
          before: { status: before.status },
          after: { status: after.status },
          reason,
        },
        actor,
      );
      await settleBlocks(store, after, actor);
      return after;
    },

    /** Runs campaign detection now. */
    async scan() {
      if (!deps.watch) throw invalid('campaign scanning is not available here');
      return deps.watch.scan();
    },

    async listAudit(query: AuditQuery = {}): Promise<AuditEntry[]> {
      return store.listAudit(query);
    },

    /** Figures for publication: reports and losses by type, month and area, top numbers, calls and campaigns. */
    async figures(query: FiguresQuery = {}): Promise<Figures> {
      if (query.since && query.until && query.since.getTime() >= query.until.getTime()) {
        throw invalid('since must be before until', 'since');
      }
      const area = query.area?.trim().toUpperCase() || undefined;
      const period = { ...(query.since ? { since: query.since } : {}), ...(query.until ? { until: query.until } : {}) };
      const [allReports, calls, campaigns] = await Promise.all([
        store.listReports({ ...period, ...(area ? { area } : {}), limit: 1_000_000 }),
        store.countCalls({ ...period, ...(area ? { area } : {}) }),
        store.listCampaigns({ ...period, limit: 10_000 }),
      ]);
      // Rejected reports were judged false: they are not published.
      const reports = allReports.filter((report) => report.status !== 'rejected');
      const residentIds = [...new Set(reports.flatMap((r) => (r.residentId === null ? [] : [r.residentId])))];
      const districtOf = new Map<number, string>();
      for (let start = 0; start < residentIds.length; start += 500) {
        const ids = residentIds.slice(start, start + 500);
        for (const resident of await store.listResidents({ ids, limit: ids.length })) {
          districtOf.set(resident.id, resident.postcode?.split(' ')[0] ?? 'unknown');
        }
      }
      const byType = new Map<ReportType, Tally>();
      const byMonth = new Map<string, Tally>();
      const byArea = new Map<string, Tally>();
      const byNumber = new Map<string, Tally & { reporters: Set<string> }>();
      const total: Tally = { reports: 0, lossPounds: 0 };
      for (const report of reports) {
        const loss = report.lossPence / 100;
        const add = <K>(map: Map<K, Tally>, key: K) => {
          const tally = map.get(key) ?? { reports: 0, lossPounds: 0 };
          tally.reports += 1;
          tally.lossPounds += loss;
          map.set(key, tally);
        };
        total.reports += 1;
        total.lossPounds += loss;
        add(byType, report.type);
        add(byMonth, report.createdAt.toISOString().slice(0, 7));
        add(byArea, report.residentId === null ? 'unknown' : (districtOf.get(report.residentId) ?? 'unknown'));
        if (report.number !== null) {
          const tally = byNumber.get(report.number) ?? { reports: 0, lossPounds: 0, reporters: new Set<string>() };
          tally.reports += 1;
          tally.lossPounds += loss;
          tally.reporters.add(report.reporter);
          byNumber.set(report.number, tally);
        }
      }
      const pounds = (tally: Tally) => ({
        reports: tally.reports,
        lossPounds: Math.round(tally.lossPounds * 100) / 100,
      });
      const inArea = area ? campaigns.filter((campaign) => campaign.districts.includes(area)) : campaigns;
      const byStatus = Object.fromEntries(campaignStatuses.map((status) => [status, 0])) as Record<
        CampaignStatus,
        number
      >;
      for (const campaign of inArea) byStatus[campaign.status] += 1;
      return {
        since: query.since?.toISOString() ?? null,
        until: query.until?.toISOString() ?? null,
        area: area ?? null,
        reports: {
          ...pounds(total),
          byType: [...byType].map(([type, tally]) => ({ type, ...pounds(tally) })).sort(byReportsThen('type')),
          byMonth: [...byMonth]
            .map(([month, tally]) => ({ month, ...pounds(tally) }))
            .sort((a, b) => a.month.localeCompare(b.month)),
          byArea: [...byArea].map(([key, tally]) => ({ area: key, ...pounds(tally) })).sort(byReportsThen('area')),
        },
        topReportedNumbers: [...byNumber]
          .map(([number, tally]) => ({ number, distinctReporters: tally.reporters.size, ...pounds(tally) }))
          .sort(
            (a, b) =>
              b.distinctReporters - a.distinctReporters || b.reports - a.reports || a.number.localeCompare(b.number),
          )
          .slice(0, topNumbers),
        calls: {
          total: calls.ring + calls.screen + calls.voicemail + calls.block,
          blocked: calls.block,
          screened: calls.screen,
          voicemail: calls.voicemail,
          rung: calls.ring,
        },
        campaigns: {
          total: inArea.length,
          byStatus,
          list: inArea.map((campaign) => ({
            id: campaign.id,
            status: campaign.status,
            start: campaign.start.toISOString(),
            residentsReached: campaign.residentsReached,
            districts: campaign.districts,
            reason: campaign.reason,
          })),
        },
      };
    },

    /** Lines for `number show`: why reports alone never block a trusted contact or a DNO number. */
    async protectionNotes(raw: unknown): Promise<string[]> {
      return (await protection(fullNumber(raw))).notes;
    },

    campaignBlockExemption: (number: E164) => campaignBlockExemption(store, number),
  };
}

function byReportsThen<K extends string>(key: K) {
  return (a: Tally & Record<K, string>, b: Tally & Record<K, string>) =>
    b.reports - a.reports || a[key].localeCompare(b[key]);
}

/** The CSV-free JSON view of a campaign (CONTRACT: `campaigns list --json`). */
export function campaignView(campaign: Campaign) {
  return {
    id: campaign.id,
    key: campaign.key,
    kind: campaign.kind,
    status: campaign.status,
    response: campaign.response,
    start: campaign.start.toISOString(),
    /** Null while the campaign is active; its last call so far is `lastCallAt`. */
    end: campaign.status === 'active' ? null : campaign.end.toISOString(),
    lastCallAt: campaign.end.toISOString(),
    numbers: campaign.numbers,
    residentsReached: campaign.residentsReached,
    districts: campaign.districts,
    calls: campaign.calls,
    flaggedShare: campaign.flaggedShare,
    reason: campaign.reason,
    explanations: campaign.explanations,
  };
}

/** The JSON view of an audit entry. */
export function auditView(entry: AuditEntry) {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    actor: entry.actor,
    actorName: entry.actorName,
    action: entry.action,
    number: entry.number,
    campaignId: entry.campaignId,
    before: entry.before,
    after: entry.after,
    reason: entry.reason,
  };
}
