/**
 * The one wiring point: configuration, logger, store, screening index, operations, screening service and the HTTP
 * edge are created here and passed down. No module reaches for a singleton.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { createHttpApp } from '../http/create-http-app.js';
import { parseNumber } from '../numbers/phone-number.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import type { CallTimings, ScreenedCaller } from '../telephony/b2bua/call-flows.js';
import { type SipService, startSipService } from '../telephony/b2bua/sip-service.js';
import { createVoicemailBox } from '../telephony/b2bua/voicemail-box.js';
import { loadPrompts, type Prompts } from '../telephony/media/prompts.js';
import { createStreamFramer } from '../telephony/sip/stream-framer.js';
import { createSipTransport } from '../telephony/transport/sip-transport.js';
import { type CallLog, createCallLog } from './call-log.js';
import { createCampaignWatch } from './campaign-watch.js';
import { indexLookup } from './facts-lookup.js';
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
  http: FastifyInstance;
  /** The SIP service once started. */
  readonly sip: SipService | undefined;
  /** Starts listening (HTTP, and SIP over UDP and TCP); resolves with the addresses actually bound. */
  start(): Promise<{ http: string; sip: string }>;
  stop(): Promise<void>;
}

/** How often the index follows changes made by other processes (CLI, another node). */
const syncIntervalMs = 1000;

export interface TelephonyOptions {
  /** Prompts to play (default: the committed `prompts/`, loaded at start). */
  prompts?: Prompts;
  /** Limits of recordings and key waits (tests shorten them). */
  timings?: Partial<CallTimings>;
}

export async function createApp(deps: { config: Config; log: Logger; telephony?: TelephonyOptions }): Promise<App> {
  const { config, log } = deps;
  const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  const metrics = createMetrics();
  const started = performance.now();
  const index = await loadIndex(store);
  const sizes = index.index.size;
  for (const [list, count] of Object.entries(sizes)) metrics.indexEntries.set({ list }, count);
  log.info({ ...sizes, ms: Math.round(performance.now() - started) }, 'screening index loaded');

  const ops = createOperations({ store, region: config.region, lookup: indexLookup(index.index) });
  const callLog = createCallLog({ store, log });
  const screening = createScreeningService({ ops, log, metrics, budgetMs: config.screeningBudgetMs, callLog });
  let ready = false;
  const voicemail = createVoicemailBox(join(config.dataDir, 'voicemail'));
  const campaignWatch = createCampaignWatch({ store, log });
  const intelligence = createIntelligence({ store, region: config.region, watch: campaignWatch });
  const http = await createHttpApp({ ops, store, log, metrics, ready: () => ready, voicemail, intelligence });
  let timer: NodeJS.Timeout | undefined;
  let syncing = false;
  let sip: SipService | undefined;

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
  async function reportScam({ callId, residentId, number }: ScreenedCaller): Promise<void> {
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
      text: 'Reported from the keypad during screening',
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
          media: { prompts, voicemail, ...(deps.telephony?.timings ? { timings: deps.telephony.timings } : {}) },
          reportScam,
          trustCaller,
        });
      } catch (error) {
        await http.close();
        throw error;
      }
      timer = setInterval(() => void sync(), syncIntervalMs);
      timer.unref();
      campaignWatch.start();
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
      await callLog.close();
      await store.close();
    },
  };
}
