/**
 * The one wiring point: configuration, logger, store, screening index, operations, screening service and the HTTP
 * edge are created here and passed down. No module reaches for a singleton.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { SpeechPipeline } from '../guard/call-audio.js';
import { createGuardService, type GuardService } from '../guard/guard-service.js';
import { createHttpApp } from '../http/create-http-app.js';
import { createNotifications } from '../notifications/notifications.js';
import { parseNumber } from '../numbers/phone-number.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import type { FactsIndex } from '../screening/facts-index.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import type { CallTimings, ScreenedCaller } from '../telephony/b2bua/call-flows.js';
import { createRegistrar } from '../telephony/b2bua/registrar.js';
import { type OutgoingSettings, type SipService, startSipService } from '../telephony/b2bua/sip-service.js';
import type { TrunkCredentials } from '../telephony/b2bua/trunk-auth.js';
import { createVoicemailBox } from '../telephony/b2bua/voicemail-box.js';
import { loadPrompts, type Prompts } from '../telephony/media/prompts.js';
import type { PortRange } from '../telephony/media/rtp-session.js';
import { createStreamFramer } from '../telephony/sip/stream-framer.js';
import { createSipTransport } from '../telephony/transport/sip-transport.js';
import { type CallLog, createCallLog } from './call-log.js';
import { createCampaignWatch } from './campaign-watch.js';
import { loadDetectorModel } from './detector-model.js';
import { type FactsLookup, indexLookup } from './facts-lookup.js';
import { loadIndex, type SyncedIndex } from './index-sync.js';
import { createIntelligence } from './intelligence.js';
import { createOperations, type Operations } from './operations.js';
import { createScreeningService, type ScreeningService } from './screening-service.js';

export interface App {
  config: Config;
  log: Logger;
  store: Store;
  metrics: Metrics;
  ops: Operations;
  screening: ScreeningService;
  /** Write-behind call log of the live service (`flush()` before reading calls it just handled). */
  callLog: CallLog;
  index: SyncedIndex;
  /** Live call guard sessions (the B2BUA opens one per guarded call with its `CallControl`). */
  guard: GuardService;
  http: FastifyInstance;
  /** The SIP service once started. */
  readonly sip: SipService | undefined;
  /** Starts listening (HTTP, and SIP over UDP and TCP); resolves with the addresses actually bound. */
  start(): Promise<{ http: string; sip: string }>;
  stop(): Promise<void>;
}

/** Numbers a fraudster impersonates besides the Do-Not-Originate list: police (101, 999, 112) and the banks' 159. */
const policeAndEmergency = new Set(['101', '159', '999', '112']);

/** How often the index follows changes made by other processes (CLI, another node). */
const syncIntervalMs = 1000;

export interface TelephonyOptions {
  /** Prompts to play (default: the committed `prompts/`, loaded at start). */
  prompts?: Prompts;
  /** Limits of recordings and key waits (tests shorten them). */
  timings?: Partial<CallTimings>;
  /** RTP ports, instead of the configured `rtpPorts` (default 20000–20999: 250 calls at once, two legs each). */
  portRange?: PortRange;
  /** Digest credentials for a trunk that challenges outgoing INVITEs (until the config carries trunk credentials). */
  trunkAuth?: TrunkCredentials | null;
}

export async function createApp(deps: {
  config: Config;
  log: Logger;
  telephony?: TelephonyOptions;
  /** Where screening reads its facts (default: the in-memory index); tests wrap it, e.g. to make decisions slow. */
  facts?: (index: FactsIndex) => FactsLookup;
  /** Audio → utterances for the live call guard (owned by the caller, who closes it); without one guarded calls hear nothing. */
  speech?: SpeechPipeline;
}): Promise<App> {
  const { config, log } = deps;
  const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  const metrics = createMetrics();
  const started = performance.now();
  const index = await loadIndex(store);
  const sizes = index.index.size;
  for (const [list, count] of Object.entries(sizes)) metrics.indexEntries.set({ list }, count);
  log.info({ ...sizes, ms: Math.round(performance.now() - started) }, 'screening index loaded');

  const ops = createOperations({ store, region: config.region, lookup: (deps.facts ?? indexLookup)(index.index) });
  const callLog = createCallLog({ store, log });
  const screening = createScreeningService({ ops, log, metrics, budgetMs: config.screeningBudgetMs, callLog });
  let ready = false;
  const voicemail = createVoicemailBox(join(config.dataDir, 'voicemail'));
  const notifications = createNotifications({ config, store, log });
  // Carers in the districts an active scam campaign touches are warned through the guard's channels.
  const campaignWatch = createCampaignWatch({
    store,
    log,
    warnings: {
      dashboardUrl: config.dashboardUrl,
      ...notifications.targets,
      onQueued: () => notifications.dispatcher.kick(),
    },
  });
  const intelligence = createIntelligence({ store, region: config.region, watch: campaignWatch });
  const guard = createGuardService({
    store,
    ops,
    model: await loadDetectorModel(),
    log,
    region: config.region,
    options: { retentionDays: config.guardRetentionDays, dashboardUrl: config.dashboardUrl, ...notifications.targets },
    onQueued: () => notifications.dispatcher.kick(),
  });
  const http = await createHttpApp({ ops, store, log, metrics, ready: () => ready, voicemail, intelligence, guard });
  let timer: NodeJS.Timeout | undefined;
  let syncing = false;
  let sip: SipService | undefined;

  /** Phones REGISTER with the resident's number (E.164 without '+') and the password set by `resident sip-password`. */
  const registrar = createRegistrar({
    credentials: async (username) => {
      const resident = /^\d{6,15}$/.test(username) ? index.index.residentByNumber(`+${username}`) : null;
      const stored = resident ? await store.getSipCredential(resident.id) : null;
      return resident && stored ? { residentId: resident.id, ha1: stored.ha1 } : null;
    },
    // Bindings survive a restart: a phone registered before it is still rung where it registered, until expiry.
    bindingStore: store,
    onStoreError: (error, what) => log.error({ err: error }, what),
  });
  const e164Of = (text: string) => {
    const parsed = parseNumber(text, config.region);
    return parsed.ok ? parsed.number.e164 : null;
  };
  const lineOf = (resident: { id: number; number: string; phoneUri: string | null } | null) =>
    resident ? { residentId: resident.id, number: resident.number, phoneUri: resident.phoneUri } : null;
  /** Outgoing calls from residents' phones: to the trunk, with the clear line after a suspicious call. */
  const outgoing: OutgoingSettings = {
    trunk: config.trunk,
    trunkAuth:
      deps.telephony?.trunkAuth ??
      (config.trunkUser !== null && config.trunkPassword !== null
        ? { username: config.trunkUser, password: config.trunkPassword }
        : null),
    lineById: (id) => lineOf(index.index.residentById(id)),
    lineByNumber: (user) => {
      const number = e164Of(user);
      return number ? lineOf(index.index.residentByNumber(number)) : null;
    },
    isDoNotOriginate: (dialled, residentId) => {
      if (policeAndEmergency.has(dialled)) return true;
      const number = e164Of(dialled);
      const resident = index.index.residentById(residentId);
      return Boolean(number && resident && index.index.factsFor(resident, number).dno);
    },
    clearLineWindowMs: config.clearLineMinutes * 60_000,
    recordOutgoing: ({ callId, residentId, dialled, at }) =>
      callLog.record({
        callId,
        residentId,
        presented: dialled,
        number: e164Of(dialled),
        at,
        action: 'ring',
        risk: 0,
        reasons: [],
        outcome: null,
      }),
  };

  /** The protected line a SIP call is for, from the in-memory index. */
  function routeFor(dialled: string) {
    const parsed = parseNumber(dialled, config.region);
    if (!parsed.ok || parsed.number.e164 === null) return null;
    const resident = index.index.residentByNumber(parsed.number.e164);
    if (!resident) return null;
    return { residentId: resident.id, phoneUri: resident.phoneUri, blockResponse: resident.settings.blockResponse };
  }

  function recordOutcome(callId: string, outcome: string): void {
    callLog.outcome(callId, outcome);
  }

  /** The resident pressed 3 while screening: a report from a verified resident, linked to the call. */
  async function reportScam({ callId, residentId, number, text }: ScreenedCaller): Promise<void> {
    const resident = await store.getResident(residentId);
    if (!resident) throw new Error(`resident ${residentId} no longer exists`);
    await callLog.flush(); // the call record may still be queued
    const call = await store.getCall(callId);
    await ops.addReport({
      number: call?.number ?? number,
      resident,
      type: 'other',
      reporter: `resident:${residentId}`,
      reporterKind: 'verified-resident',
      callId,
      text: text ?? 'Reported from the keypad during screening',
    });
  }

  /** The resident pressed 9 while screening: the caller becomes a trusted contact. */
  async function trustCaller({ callId, residentId, number }: ScreenedCaller): Promise<void> {
    const resident = await store.getResident(residentId);
    if (!resident) throw new Error(`resident ${residentId} no longer exists`);
    await callLog.flush(); // the call record may still be queued
    const call = await store.getCall(callId);
    await ops.addContact({ resident, number: call?.number ?? number, name: 'Always allowed from the keypad' });
  }

  async function sync(): Promise<void> {
    if (syncing) return;
    syncing = true;
    try {
      const applied = await index.catchUp();
      if (applied > 0) {
        for (const [list, count] of Object.entries(index.index.size)) metrics.indexEntries.set({ list }, count);
        log.debug({ applied }, 'screening index caught up');
      }
    } catch (error) {
      log.error({ err: error }, 'screening index could not follow the store; decisions use the last known facts');
    } finally {
      syncing = false;
    }
  }

  return {
    config,
    log,
    store,
    metrics,
    ops,
    screening,
    callLog,
    index,
    guard,
    http,
    get sip() {
      return sip;
    },
    async start() {
      const address = await http.listen({ host: config.http.host, port: config.http.port });
      try {
        const prompts = deps.telephony?.prompts ?? (await loadPrompts());
        const transport = await createSipTransport({
          host: config.sip.host,
          port: config.sip.port,
          createFramer: () => createStreamFramer(),
        });
        sip = await startSipService({
          transport,
          screening,
          residents: routeFor,
          log,
          recordOutcome,
          media: {
            prompts,
            voicemail,
            ...(deps.telephony?.timings ? { timings: deps.telephony.timings } : {}),
            portRange: deps.telephony?.portRange ?? config.rtpPorts,
          },
          reportLastCaller: { code: config.reportShortCode, windowMs: config.reportWindowMinutes * 60_000 },
          reportScam,
          trustCaller,
          registrar,
          outgoing,
          clearLineFlags: store,
          guarding: {
            guards: guard,
            // The in-memory index (kept in step with the store): a store read and settings validation per connected
            // call was the largest CPU cost of the SIP path at 300 calls/s.
            resident: async (id) => index.index.residentById(id) ?? store.getResident(id),
            speech: deps.speech ?? null,
            registry: metrics.registry,
          },
        });
      } catch (error) {
        await http.close();
        throw error;
      }
      timer = setInterval(() => void sync(), syncIntervalMs);
      timer.unref();
      campaignWatch.start();
      notifications.dispatcher.start();
      guard.start();
      ready = true;
      const host = sip.local.host.includes(':') ? `[${sip.local.host}]` : sip.local.host;
      return { http: address, sip: `sip:${host}:${sip.local.port} (UDP and TCP)` };
    },
    async stop() {
      ready = false;
      clearInterval(timer);
      await campaignWatch.stop();
      await sip?.close();
      await http.close();
      await guard.stop();
      await notifications.close();
      await callLog.close();
      await store.close();
    },
  };
}
