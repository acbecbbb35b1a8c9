/**
 * The one wiring point: configuration, logger, store, screening index, operations, screening service and the HTTP
 * edge are created here and passed down. No module reaches for a singleton.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { createHttpApp } from '../http/create-http-app.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { indexLookup } from './facts-lookup.js';
import { loadIndex, type SyncedIndex } from './index-sync.js';
import { createOperations, type Operations } from './operations.js';
import { createScreeningService, type ScreeningService } from './screening-service.js';

export interface App {
  config: Config;
  log: Logger;
  store: Store;
  metrics: Metrics;
  ops: Operations;
  screening: ScreeningService;
  index: SyncedIndex;
  http: FastifyInstance;
  /** Starts listening; resolves with the addresses actually bound. */
  start(): Promise<{ http: string }>;
  stop(): Promise<void>;
}

/** How often the index follows changes made by other processes (CLI, another node). */
const syncIntervalMs = 1000;

export async function createApp(deps: { config: Config; log: Logger }): Promise<App> {
  const { config, log } = deps;
  const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  const metrics = createMetrics();
  const started = performance.now();
  const index = await loadIndex(store);
  const sizes = index.index.size;
  for (const [list, count] of Object.entries(sizes)) metrics.indexEntries.set({ list }, count);
  log.info({ ...sizes, ms: Math.round(performance.now() - started) }, 'screening index loaded');

  const ops = createOperations({ store, region: config.region, lookup: indexLookup(index.index) });
  const screening = createScreeningService({ ops, log, metrics, budgetMs: config.screeningBudgetMs });
  let ready = false;
  const http = await createHttpApp({ ops, store, log, metrics, ready: () => ready });
  let timer: NodeJS.Timeout | undefined;
  let syncing = false;

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
    index,
    http,
    async start() {
      const address = await http.listen({ host: config.http.host, port: config.http.port });
      timer = setInterval(() => void sync(), syncIntervalMs);
      timer.unref();
      ready = true;
      return { http: address };
    },
    async stop() {
      ready = false;
      clearInterval(timer);
      await http.close();
      await store.close();
    },
  };
}
