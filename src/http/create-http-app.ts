/**
 * The HTTP API: Fastify with zod route schemas (validation, serialisation and the OpenAPI document from one source),
 * bearer-token authentication and one error mapping.
 *
 * @example
 * const app = await createHttpApp({ ops: createOperations({ store, region: 'GB' }), store, log, metrics: { registry } });
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 * // or, in tests: await app.inject({ method: 'GET', url: '/health' })
 */
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createIntelligence, type Intelligence } from '../app/intelligence.js';
import type { Operations } from '../app/operations.js';
import type { GuardService } from '../guard/guard-service.js';
import type { Store } from '../store/store.js';
import type { ZodApp } from './api-scope.js';
import { authenticate } from './auth.js';
import { callsRoutes } from './calls-routes.js';
import { careRoutes } from './care-routes.js';
import { installErrorHandling } from './error-mapping.js';
import { guardFeedRoute, maxFeedMessageBytes } from './guard-feed.js';
import { guardRoutes } from './guard-routes.js';
import { recordRequestMetrics } from './http-metrics.js';
import { intelligenceRoutes } from './intelligence-routes.js';
import { listsRoutes } from './lists-routes.js';
import { reportsRoutes } from './reports-routes.js';
import { residentsRoutes } from './residents-routes.js';
import { serviceRoutes } from './service-routes.js';
import { tokensRoutes } from './tokens-routes.js';
import { type VoicemailFiles, voicemailRoutes } from './voicemail-routes.js';
import { webRoutes } from './web-routes.js';

export interface HttpAppDeps {
  ops: Operations;
  store: Store;
  /** Requests are logged here; nothing is logged without it. */
  log?: Logger;
  metrics: { registry: Registry };
  /** Whether the service is ready (`GET /health`); always ready when absent. */
  ready?: () => boolean;
  /** Largest request body in bytes (default 1 MB; DNO imports allow 20 MB). */
  bodyLimit?: number;
  /** Stored voicemail messages; without it the voicemail routes list nothing. */
  voicemail?: VoicemailFiles;
  /** Campaigns, verdicts, audit and figures; built over `store` for the GB region when absent. */
  intelligence?: Intelligence;
  /** Live call guard sessions; without it the transcript feeds (`/api/guard/calls/...`, `/api/guard/feed`) are not offered. */
  guard?: GuardService;
}

export const defaultBodyLimit = 1024 * 1024;

const noVoicemail: VoicemailFiles = { list: async () => [], read: async () => null };

/** Builds the HTTP app (not yet listening). */
export async function createHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.log ? { loggerInstance: deps.log } : { logger: false }),
    bodyLimit: deps.bodyLimit ?? defaultBodyLimit,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Bodies are JSON (the DNO import route adds text/csv for itself); anything else is 415.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app);
  recordRequestMetrics(app, deps.metrics.registry);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'CallWarden API',
        description: 'Call screening and scam interception for protected phone lines',
        version: '1',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // The WebSocket transcript feed (`GET /api/guard/feed`); closing the app closes its connections.
  await app.register(fastifyWebsocket, { options: { maxPayload: maxFeedMessageBytes } });

  const zodApp = app as unknown as ZodApp;
  serviceRoutes(zodApp, { registry: deps.metrics.registry, ready: deps.ready ?? (() => true) });
  const routeDeps = { ops: deps.ops, store: deps.store };
  const intelligence = deps.intelligence ?? createIntelligence({ store: deps.store, region: 'GB' });
  await zodApp.register(
    async (api: ZodApp) => {
      api.addHook('onRequest', authenticate(deps.store));
      residentsRoutes(api, routeDeps);
      listsRoutes(api, routeDeps);
      callsRoutes(api, routeDeps);
      reportsRoutes(api, routeDeps);
      voicemailRoutes(api, routeDeps, deps.voicemail ?? noVoicemail);
      intelligenceRoutes(api, intelligence);
      tokensRoutes(api, routeDeps);
      careRoutes(api, { store: deps.store, intelligence });
      if (deps.guard) {
        guardRoutes(api, { ...routeDeps, guard: deps.guard });
        guardFeedRoute(api, { ops: deps.ops, guard: deps.guard });
      }
    },
    { prefix: '/api' },
  );
  await app.register(webRoutes);
  return app;
}
