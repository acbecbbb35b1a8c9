/**
 * The campaign watch: every few minutes it runs the pure campaign detector over recent calls and reports, keeps the
 * `campaigns` table in step (new campaigns, growing ones, ended ones), and while a campaign is active (or confirmed by
 * an analyst) blocks its numbers for every resident with block entries of source `campaign`, which the screening index
 * follows through the change log like any other block. Every block it adds or removes is in the audit log.
 *
 * While a campaign is active with a `block` response (or confirmed), the carers of every resident in the districts it
 * touches are warned once: one message per carer contact (the resident's `settings.guard.alertEmails` and
 * `alertWebhookUrl`, and the operator's webhook) queued in the durable outbox, and a row in `campaign_warnings` so a
 * restart, a later scan or the campaign spreading to a new district never warns the same resident twice.
 *
 * Numbers it never blocks: a trusted contact of any resident (a GP surgery calling many patients is not a scam), a
 * number on the Do-Not-Originate list (calls showing it are blocked as spoofed already), a number an analyst cleared,
 * and a number already blocked for another reason (that block is left as it is).
 *
 * @example
 * const watch = createCampaignWatch({ store, log });
 * watch.start();           // scans now and every minute
 * await watch.scan();      // or on demand (`callwarden campaigns scan`)
 */
import {
  type CampaignThresholds,
  createCampaignStream,
  type DetectedCampaign,
  defaultCampaignThresholds,
  sortCampaigns,
} from '../campaigns/detect-campaigns.js';
import { type CampaignScript, campaignScripts, campaignWarningNotifications } from '../notifications/alert-messages.js';
import type { E164 } from '../numbers/phone-number.js';
import type { CallRecord, Campaign, CampaignWrite, Store } from '../store/store.js';

/** Who changed something, for the audit log. */
export interface Actor {
  /** `token:4`, `cli` or `campaign-watch`. */
  id: string;
  name: string | null;
}

export const watchActor: Actor = Object.freeze({ id: 'campaign-watch', name: null });

export interface CampaignWatchLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface CampaignWatchOptions {
  store: Store;
  log?: CampaignWatchLogger;
  now?: () => Date;
  thresholds?: CampaignThresholds;
  /** How far back each scan reads calls (default 24 hours). */
  lookbackMinutes?: number;
  /** Time between scans (default one minute). */
  intervalMs?: number;
  /** Most calls read per scan (default 50,000). */
  maxCalls?: number;
  /** Where carers' warnings go; without it no warning is queued (the dashboard's banner still shows). */
  warnings?: CampaignWarningOptions;
}

/** The channels campaign warnings may use (those of the guard's alerts: `notifications.targets`). */
export interface CampaignWarningOptions {
  dashboardUrl: string;
  /** The operator's webhook (null: none). */
  webhookUrl: string | null;
  channels: { webhook: boolean; email: boolean };
  /** Called after warnings were queued (the dispatcher sends them at once). */
  onQueued?: () => void;
}

export interface ScanResult {
  /** Campaigns the detector found in the lookback window. */
  detected: number;
  created: Campaign[];
  updated: Campaign[];
  /** Active campaigns that ended in this scan. */
  ended: Campaign[];
  /** Residents whose carers were warned in this scan, per campaign id. */
  warned: { campaignId: number; residentIds: number[] }[];
}

export interface CampaignWatch {
  scan(): Promise<ScanResult>;
  start(): void;
  stop(): Promise<void>;
}

const minuteMs = 60_000;
/** Calls read or scanned between two turns of the event loop. */
const sliceSize = 500;

function yieldToCalls(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function createCampaignWatch(options: CampaignWatchOptions): CampaignWatch {
  const { store, log } = options;
  const now = options.now ?? (() => new Date());
  const thresholds = options.thresholds ?? defaultCampaignThresholds;
  const lookbackMs = (options.lookbackMinutes ?? 24 * 60) * minuteMs;
  const maxCalls = options.maxCalls ?? 50_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  /** Calls since `since`, newest first, read a page at a time (re-reading the boundary millisecond, de-duplicated). */
  async function loadCalls(since: Date): Promise<CallRecord[]> {
    const byId = new Map<string, CallRecord>();
    let until: Date | undefined;
    while (byId.size < maxCalls) {
      const page = await store.listCalls({ since, ...(until ? { until } : {}), limit: sliceSize });
      let added = 0;
      for (const call of page) {
        if (byId.has(call.callId)) continue;
        byId.set(call.callId, call);
        added += 1;
      }
      const oldest = page[page.length - 1];
      if (page.length < sliceSize || added === 0 || !oldest) break;
      until = new Date(oldest.at.getTime() + 1);
      await yieldToCalls();
    }
    return [...byId.values()];
  }

  async function scan(): Promise<ScanResult> {
    const at = now();
    const since = new Date(at.getTime() - lookbackMs);
    // A busy service has tens of thousands of calls a day: read and scan them in slices, letting calls be handled in
    // between, so a scan never stalls the event loop that answers SIP.
    const [calls, reports] = await Promise.all([loadCalls(since), store.listReports({ since, limit: maxCalls })]);
    const residentIds = [...new Set(calls.flatMap((call) => (call.residentId === null ? [] : [call.residentId])))];
    const districts = new Map<number, string>();
    for (let start = 0; start < residentIds.length; start += 500) {
      const ids = residentIds.slice(start, start + 500);
      for (const resident of await store.listResidents({ ids, limit: ids.length })) {
        if (resident.postcode) districts.set(resident.id, resident.postcode.split(' ')[0] ?? resident.postcode);
      }
    }
    // Calls a resident's trusted contact made (rung through as one) never count towards a campaign.
    const ordered = calls
      .map((call) => ({ ...call, trusted: call.reasons.some((r) => r.code === 'trusted-contact') }))
      .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0));
    const stream = createCampaignStream({ districts, reports, now: at }, thresholds);
    for (let i = 0; i < ordered.length; i += 1) {
      stream.push(ordered[i] as (typeof ordered)[number]);
      if (i % sliceSize === sliceSize - 1) await yieldToCalls();
    }
    const detected = sortCampaigns(stream.finish());
    const result: ScanResult = { detected: detected.length, created: [], updated: [], ended: [], warned: [] };

    for (const found of detected) {
      const [existing] = await store.listCampaigns({
        key: found.key,
        since: new Date(found.start.getTime() - thresholds.gapMinutes * minuteMs),
        limit: 1,
      });
      const reviewed = existing?.status === 'confirmed' || existing?.status === 'dismissed';
      const status = reviewed && existing ? existing.status : found.status;
      const saved = await store.saveCampaign({
        ...toWrite(found, status),
        // A campaign longer than the lookback window keeps what earlier scans saw of it.
        ...(existing
          ? {
              id: existing.id,
              start: earliest(existing.start, found.start),
              numbers: [...new Set([...existing.numbers, ...(found.numbers as E164[])])],
              residentsReached: Math.max(existing.residentsReached, found.residentsReached),
              districts: [...new Set([...existing.districts, ...found.districts])].sort(),
            }
          : {}),
      });
      if (!existing) {
        result.created.push(saved);
        await store.addAuditEntry({
          actor: watchActor.id,
          actorName: watchActor.name,
          action: 'campaign.detected',
          number: null,
          campaignId: saved.id,
          before: null,
          after: { status: saved.status, numbers: saved.numbers, residentsReached: saved.residentsReached },
          reason: saved.reason,
        });
      } else {
        result.updated.push(saved);
        if (existing.status === 'active' && saved.status === 'ended') result.ended.push(saved);
      }
      await settleBlocks(store, saved, watchActor);
    }

    // Active campaigns whose calls have stopped (and fell out of the lookback window) end too.
    const endBefore = at.getTime() - thresholds.endAfterMinutes * minuteMs;
    for (const campaign of await store.listCampaigns({ statuses: ['active'] })) {
      if (campaign.end.getTime() >= endBefore) continue;
      const ended = await store.setCampaignStatus(campaign.id, 'ended');
      if (!ended) continue;
      result.ended.push(ended);
      await store.addAuditEntry({
        actor: watchActor.id,
        actorName: watchActor.name,
        action: 'campaign.status',
        number: null,
        campaignId: ended.id,
        before: { status: 'active' },
        after: { status: 'ended' },
        reason: 'no calls for a while',
      });
      await settleBlocks(store, ended, watchActor);
    }
    if (options.warnings) {
      for (const campaign of [...result.created, ...result.updated]) {
        if (!warnsCarers(campaign)) continue;
        const residentIds = await warnCarers(store, campaign, options.warnings, at);
        if (residentIds.length > 0) result.warned.push({ campaignId: campaign.id, residentIds });
      }
      if (result.warned.length > 0) {
        options.warnings.onQueued?.();
        log?.info(
          { warned: result.warned.map((w) => ({ campaign: w.campaignId, residents: w.residentIds.length })) },
          'campaign watch: carers warned',
        );
      }
    }
    if (result.created.length > 0 || result.ended.length > 0) {
      log?.info(
        { created: result.created.map((c) => c.id), ended: result.ended.map((c) => c.id) },
        'campaign watch: campaigns changed',
      );
    }
    return result;
  }

  async function tick(): Promise<void> {
    if (running) return;
    running = scan()
      .catch((error: unknown) => log?.error({ err: error }, 'campaign watch: scan failed; will retry'))
      .finally(() => {
        running = undefined;
      });
    await running;
  }

  return {
    scan,
    start() {
      if (timer) return;
      void tick();
      timer = setInterval(() => void tick(), options.intervalMs ?? minuteMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

/**
 * Makes the block list match the campaign's status: numbers blocked while it is active with a `block` response, or
 * confirmed; released when it has ended or was dismissed (unless another live campaign still holds them).
 */
export async function settleBlocks(store: Store, campaign: Campaign, actor: Actor): Promise<void> {
  const holds = campaign.status === 'confirmed' || (campaign.status === 'active' && campaign.response === 'block');
  for (const number of campaign.numbers) {
    if (holds) await blockForCampaign(store, campaign, number, actor);
    else await releaseForCampaign(store, campaign, number, actor);
  }
}

/**
 * Whether carers are told about this campaign: it is going on now and flagged enough to block its numbers, or an
 * analyst confirmed it. A campaign only being watched (`monitor`) may be a legitimate firm calling many homes.
 */
export function warnsCarers(campaign: Campaign): boolean {
  return campaign.status === 'confirmed' || (campaign.status === 'active' && campaign.response === 'block');
}

/**
 * The kind of scam a campaign is: its script for a script campaign, else the kind most reports of its numbers name,
 * else `unknown`.
 */
export async function campaignScript(store: Store, campaign: Campaign): Promise<CampaignScript> {
  const known = (value: string): value is CampaignScript =>
    value !== 'unknown' && (campaignScripts as readonly string[]).includes(value);
  if (campaign.kind === 'script') {
    const script = campaign.key.slice('script:'.length);
    return known(script) ? script : 'unknown';
  }
  const counts = new Map<CampaignScript, number>();
  for (const number of campaign.numbers.slice(0, 20)) {
    for (const report of await store.reportsForNumber(number)) {
      if (known(report.type)) counts.set(report.type, (counts.get(report.type) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'unknown';
}

/**
 * Queues one warning per carer contact of every resident in the campaign's districts not warned about it yet, and
 * records each resident as warned. Queued first, recorded second: a crash in between queues the same outbox keys
 * again (kept once) and records then, so nobody is warned twice and nobody is missed. Returns the residents warned.
 */
export async function warnCarers(
  store: Store,
  campaign: Campaign,
  options: CampaignWarningOptions,
  at: Date,
): Promise<number[]> {
  if (campaign.districts.length === 0) return [];
  const already = new Set((await store.listCampaignWarnings({ campaignId: campaign.id })).map((w) => w.residentId));
  const script = await campaignScript(store, campaign);
  const warned: number[] = [];
  for (let offset = 0; ; offset += 1000) {
    const residents = await store.listResidents({ districts: campaign.districts, limit: 1000, offset });
    for (const resident of residents) {
      if (already.has(resident.id)) continue;
      const guard = resident.settings.guard;
      const district = resident.postcode?.split(' ')[0]?.toUpperCase() ?? '';
      const reach = guard.alertContacts;
      const items = campaignWarningNotifications(
        {
          campaignId: campaign.id,
          district,
          script,
          lastCall: campaign.end,
          numbers: campaign.numbers,
          resident: {
            id: resident.id,
            name: resident.name,
            number: resident.number,
            timeZone: resident.settings.timeZone,
          },
        },
        {
          dashboardUrl: options.dashboardUrl,
          webhookUrls:
            reach && options.channels.webhook
              ? [options.webhookUrl, guard.alertWebhookUrl].filter((url): url is string => url != null)
              : [],
          emails: reach && options.channels.email ? guard.alertEmails : [],
        },
      );
      await store.enqueueNotifications(items);
      await store.recordCampaignWarning({
        campaignId: campaign.id,
        residentId: resident.id,
        district,
        messages: items.length,
        warnedAt: at,
      });
      warned.push(resident.id);
    }
    if (residents.length < 1000) break;
  }
  return warned;
}

/** Why a campaign leaves this number alone, or null when it may block it. */
export async function campaignBlockExemption(store: Store, number: E164): Promise<string | null> {
  if ((await store.contactsWithNumber(number)).length > 0) return 'it is a trusted contact of a resident';
  if (await store.findDno(number)) return 'it is on the Do-Not-Originate list (calls showing it are spoofed)';
  const [verdict] = await store.listAudit({ number, actions: ['number.confirm', 'number.clear'], limit: 1 });
  if (verdict?.action === 'number.clear') return 'an analyst cleared it';
  return null;
}

async function blockForCampaign(store: Store, campaign: Campaign, number: E164, actor: Actor): Promise<void> {
  if (await store.findBlock(number, null)) return;
  if ((await campaignBlockExemption(store, number)) !== null) return;
  const block = await store.addBlock({
    number,
    reason: `scam campaign ${campaign.id}: ${campaign.reason}`,
    source: 'campaign',
    residentId: null,
  });
  await store.addAuditEntry({
    actor: actor.id,
    actorName: actor.name,
    action: 'campaign.block',
    number,
    campaignId: campaign.id,
    before: null,
    after: { blocked: { source: block.source, reason: block.reason } },
    reason: `campaign ${campaign.status}`,
  });
}

async function releaseForCampaign(store: Store, campaign: Campaign, number: E164, actor: Actor): Promise<void> {
  const block = await store.findBlock(number, null);
  if (block?.source !== 'campaign') return;
  const others = await store.listCampaigns({ number, statuses: ['active', 'confirmed'] });
  if (
    others.some((other) => other.id !== campaign.id && (other.status === 'confirmed' || other.response === 'block'))
  ) {
    return;
  }
  if (!(await store.removeBlock(number, null))) return;
  await store.addAuditEntry({
    actor: actor.id,
    actorName: actor.name,
    action: 'campaign.unblock',
    number,
    campaignId: campaign.id,
    before: { blocked: { source: block.source, reason: block.reason } },
    after: null,
    reason: `campaign ${campaign.status}`,
  });
}

function toWrite(found: DetectedCampaign, status: Campaign['status']): CampaignWrite {
  return {
    key: found.key,
    kind: found.kind,
    status,
    response: found.response,
    start: found.start,
    end: found.end,
    numbers: found.numbers as E164[],
    residentsReached: found.residentsReached,
    districts: found.districts,
    calls: found.calls,
    flaggedCalls: found.flaggedCalls,
    flaggedShare: found.flaggedShare,
    reason: found.reason,
    explanations: found.explanations,
  };
}

function earliest(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}
