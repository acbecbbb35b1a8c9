/**
 * Builders for the HTTP tests: a real SQLite store in a temporary folder, the app on top of it (driven with
 * `app.inject`, no sockets), a token per role, and two residents — Ada, looked after by the carer, and Bob, who is not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { loadDetectorModel } from '../app/detector-model.js';
import { createOperations, type Operations } from '../app/operations.js';
import type { DetectorModel } from '../detection/turn-classifier.js';
import { createGuardService, type GuardService } from '../guard/guard-service.js';
import type { Notifications } from '../notifications/notifications.js';
import type { Logger } from '../observability/logger.js';
import type { Resident } from '../residents/resident.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createHttpApp, type HttpAppDeps } from './create-http-app.js';

export const adaNumber = '+441279555001';
export const bobNumber = '+441279555002';

export type Who = 'admin' | 'analyst' | 'carer' | 'nobody';

export interface Harness {
  app: FastifyInstance;
  store: Store;
  ops: Operations;
  registry: Registry;
  dataDir: string;
  ada: Resident;
  bob: Resident;
  /** Bearer secrets by role. */
  tokens: { admin: string; analyst: string; carer: string };
  /** Sends a request as a role (or without a token), with `body` as JSON. */
  call(who: Who, method: InjectOptions['method'], url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** Sends a request as a role with a raw payload and headers of the test's choosing. */
  send(who: Who, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function aHarness(options: Pick<HttpAppDeps, 'ready' | 'voicemail'> = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-http-'));
  const store = await openStore({ dataDir });
  const ops = createOperations({ store, region: 'GB' });
  const registry = new Registry();
  const app = await createHttpApp({ ops, store, metrics: { registry }, ...options });
  const ada = await ops.addResident({ number: adaNumber, name: 'Ada Lovelace', postcode: 'CM23 2AB' });
  const bob = await ops.addResident({ number: bobNumber, name: 'Bob Example', postcode: 'SG1' });
  const tokens = {
    admin: (await store.createToken({ name: 'admin', role: 'admin', residentIds: [] })).secret,
    analyst: (await store.createToken({ name: 'analyst', role: 'analyst', residentIds: [] })).secret,
    carer: (await store.createToken({ name: "Ada's daughter", role: 'carer', residentIds: [ada.id] })).secret,
  };
  const authorization = (who: Who): Record<string, string> =>
    who === 'nobody' ? {} : { authorization: `Bearer ${tokens[who]}` };
  return {
    app,
    store,
    ops,
    registry,
    dataDir,
    ada,
    bob,
    tokens,
    call: (who, method, url, body) =>
      app.inject({
        method,
        url,
        headers: authorization(who),
        ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
      }),
    send: (who, options) => app.inject({ ...options, headers: { ...authorization(who), ...options.headers } }),
    async close() {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The JSON body of a response, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary response fields
export function json(response: LightMyRequestResponse): any {
  return JSON.parse(response.body);
}

export interface GuardedApp {
  app: FastifyInstance;
  store: Store;
  ops: Operations;
  model: DetectorModel;
  guard: GuardService;
  /** Stops the guard (and the notifications), closes the app and the store, and removes the data folder. */
  close(): Promise<void>;
}

/**
 * The HTTP app with the live call guard (the real detector model, a real SQLite store in a new temporary folder named
 * from `prefix`), for the transcript-feed tests. No alert is sent anywhere unless `notifications` makes them on the
 * store: then the guard queues to its targets, its dispatcher is started, and kicked whenever the guard queued.
 *
 * @example
 * const { app, ops, store, close } = await aGuardedApp('cw-guard-ws-');
 */
export async function aGuardedApp(
  prefix: string,
  options: { notifications?: (store: Store, log: Logger) => Notifications } = {},
): Promise<GuardedApp> {
  const log = pino({ level: 'silent' });
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const store = await openStore({ dataDir });
  const ops = createOperations({ store, region: 'GB' });
  const model = await loadDetectorModel();
  const notifications = options.notifications?.(store, log);
  const guard = createGuardService({
    store,
    ops,
    model,
    log,
    region: 'GB',
    options: {
      retentionDays: 90,
      dashboardUrl: 'https://dash.callwarden.test',
      ...(notifications?.targets ?? { webhookUrl: null, channels: { webhook: false, email: false, bank: null } }),
    },
    ...(notifications ? { onQueued: () => notifications.dispatcher.kick() } : {}),
  });
  notifications?.dispatcher.start();
  const app = await createHttpApp({ ops, store, metrics: { registry: new Registry() }, guard });
  return {
    app,
    store,
    ops,
    model,
    guard,
    async close() {
      await guard.stop();
      await notifications?.close();
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
