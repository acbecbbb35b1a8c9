/** Prometheus metrics of the service, on one registry passed down from the wiring point (no global default). */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  decisions: Counter<'action'>;
  screeningFaults: Counter<'kind'>;
  decisionSeconds: Histogram;
  indexEntries: Gauge<'list'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'callwarden_' });
  return {
    registry,
    decisions: new Counter({
      name: 'callwarden_screening_decisions_total',
      help: 'Screening decisions by action',
      labelNames: ['action'],
      registers: [registry],
    }),
    screeningFaults: new Counter({
      name: 'callwarden_screening_faults_total',
      help: 'Screening faults that made a call ring through (fail open), by kind',
      labelNames: ['kind'],
      registers: [registry],
    }),
    decisionSeconds: new Histogram({
      name: 'callwarden_screening_decision_seconds',
      help: 'Time to decide one call',
      buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.025, 0.1, 0.25, 1],
      registers: [registry],
    }),
    indexEntries: new Gauge({
      name: 'callwarden_screening_index_entries',
      help: 'Entries in the in-memory screening index',
      labelNames: ['list'],
      registers: [registry],
    }),
  };
}
