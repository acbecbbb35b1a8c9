/**
 * Request metrics for `GET /metrics`: one histogram of request durations by method, route pattern and status.
 * Route patterns (`/api/residents/:id`), never raw URLs, so the label set stays small.
 */
import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

export const httpRequestDurationName = 'callwarden_http_request_duration_seconds';

/** Records every response's duration in the registry (reusing the histogram if the registry already has it). */
export function recordRequestMetrics(app: FastifyInstance, registry: Registry): void {
  const existing = registry.getSingleMetric(httpRequestDurationName);
  const histogram =
    existing instanceof Histogram
      ? (existing as Histogram<'method' | 'route' | 'status'>)
      : new Histogram({
          name: httpRequestDurationName,
          help: 'Time to answer an HTTP request, by method, route pattern and status code',
          labelNames: ['method', 'route', 'status'] as const,
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
          registers: [registry],
        });
  app.addHook('onResponse', async (request, reply) => {
    histogram.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}
