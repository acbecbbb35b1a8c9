/**
 * Public routes for operators and monitoring: health, Prometheus metrics, and the OpenAPI document.
 */
import type { Registry } from 'prom-client';
import type { ZodApp } from './api-scope.js';
import { healthSchema } from './schemas.js';

export interface ServiceRouteDeps {
  registry: Registry;
  ready: () => boolean;
}

export function serviceRoutes(app: ZodApp, { registry, ready }: ServiceRouteDeps): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['service'],
        summary: 'Readiness: 200 once the service is ready to screen calls, 503 before',
        security: [],
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => (ready() ? { status: 'ok' as const } : reply.code(503).send({ status: 'unavailable' })),
  );

  app.get(
    '/metrics',
    { schema: { tags: ['service'], summary: 'Metrics in the Prometheus text format', security: [] } },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
