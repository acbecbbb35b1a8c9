/**
 * Configuration, parsed once with a schema and frozen. `process.env` is read here and nowhere else.
 *
 * @example
 * const config = loadConfig({ dataDir: '/var/lib/callwarden' });
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/, 'HOST:PORT, e.g. 127.0.0.1:8080')
  .transform((text) => {
    const at = text.lastIndexOf(':');
    return { host: text.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(text.slice(at + 1)) };
  })
  .refine((value) => value.port <= 65535, 'a port between 0 and 65535');

export const configSchema = z.object({
  dataDir: z.string().min(1).default('./data'),
  /** PostgreSQL connection string; when absent the embedded SQLite database under dataDir is used. */
  databaseUrl: z.string().url().nullable().default(null),
  /** Default region for national-format numbers. */
  region: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'a two-letter country code such as GB')
    .transform((r) => r.toUpperCase())
    .default('GB'),
  http: hostPort.prefault('127.0.0.1:8080'),
  sip: hostPort.prefault('127.0.0.1:5060'),
  /** A screening decision slower than this rings through (fail open). */
  screeningBudgetMs: z.coerce.number().int().positive().max(10_000).default(250),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Token created on first start for the administrator (printed once); set to pin it. */
  adminToken: z.string().min(16).nullable().default(null),
});

export type ConfigInput = z.input<typeof configSchema>;
export type Config = Readonly<z.output<typeof configSchema>>;

/** Builds the configuration from explicit options over environment variables over defaults. */
export function loadConfig(options: Partial<ConfigInput> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const fromEnv: Partial<ConfigInput> = {
    dataDir: env.CALLWARDEN_DATA || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    region: env.CALLWARDEN_REGION || undefined,
    http: env.CALLWARDEN_HTTP || undefined,
    sip: env.CALLWARDEN_SIP || undefined,
    screeningBudgetMs: env.CALLWARDEN_SCREENING_BUDGET_MS ? Number(env.CALLWARDEN_SCREENING_BUDGET_MS) : undefined,
    logLevel: (env.CALLWARDEN_LOG_LEVEL as ConfigInput['logLevel']) || undefined,
    adminToken: env.CALLWARDEN_ADMIN_TOKEN || undefined,
  };
  const merged = { ...stripUndefined(fromEnv), ...stripUndefined(options) };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return Object.freeze({ ...parsed.data, dataDir: resolve(parsed.data.dataDir) });
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
