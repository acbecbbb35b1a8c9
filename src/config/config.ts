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

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

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
  /** The SIP trunk (HOST:PORT) that outgoing calls from residents' phones are sent to; without it they get 503. */
  trunk: hostPort.nullable().default(null),
  /** After a call to a resident was blocked, reported or flagged, their calls to a bank or the police for this many
   * minutes are preceded by the `line-clear` announcement (on a fresh leg). */
  clearLineMinutes: z.coerce.number().int().positive().max(1440).default(30),
  /** Credentials for a trunk that challenges outgoing INVITEs (401/407 digest); both or neither. */
  trunkUser: z.string().min(1).max(128).nullable().default(null),
  trunkPassword: z.string().min(1).max(256).nullable().default(null),
  /** What a resident's phone dials right after a call to report that caller (docs/telephony-short-codes.md). */
  reportShortCode: z
    .string()
    .regex(/^[*#][0-9]{1,6}$/, 'a short code such as *57 (* or #, then 1 to 6 digits)')
    .default('*57'),
  /** How long after a call the short code still reports that caller. */
  reportWindowMinutes: z.coerce.number().int().positive().max(1440).default(30),
  /** RTP ports for call media, MIN-MAX (two per call). */
  rtpPorts: z
    .string()
    .regex(/^\d{4,5}-\d{4,5}$/, 'MIN-MAX, e.g. 20000-29999')
    .transform((text, context) => {
      const [min, max] = text.split('-').map(Number) as [number, number];
      if (min < 1024 || max > 65535 || max - min < 3) {
        context.addIssue({ code: 'custom', message: 'a range of at least 4 ports within 1024-65535' });
        return z.NEVER;
      }
      return { min, max };
    })
    .prefault('20000-20999'),
  /** Days the evidence of a flagged guarded call (its telling turns and reasons) is kept; clean calls keep none. */
  guardRetentionDays: z.coerce.number().int().positive().max(3650).default(90),
  /** Where the dashboard is reached, for links in alerts (`<dashboardUrl>/#/calls/<callId>`). */
  dashboardUrl: httpUrl.default('http://127.0.0.1:8080'),
  /** Secret of the `X-CallWarden-Signature` HMAC on webhooks; without it no webhook is sent. */
  webhookSecret: z.string().min(16).nullable().default(null),
  /** The operator's webhook, told of every guard alert (residents may add their carer's own). */
  webhookUrl: httpUrl.nullable().default(null),
  /** SMTP server for alert emails (HOST:PORT, plain or STARTTLS); without it no email is sent. */
  smtp: hostPort.nullable().default(null),
  smtpUser: z.string().min(1).nullable().default(null),
  smtpPassword: z.string().min(1).nullable().default(null),
  smtpFrom: z.string().min(3).default('CallWarden <callwarden@localhost>'),
  /** The bank's at-risk endpoint and the secret it shares with us; both needed for bank notices. */
  bankEndpoint: httpUrl.nullable().default(null),
  bankSecret: z.string().min(16).nullable().default(null),
  /** Speech recognition of guarded calls' audio (docs/speech.md): `auto` is sherpa-onnx when `asrModel` is set, else
   * pocketsphinx when installed, else none (the guard then runs from the transcript feed only). */
  asrEngine: z.enum(['auto', 'pocketsphinx', 'sherpa-onnx', 'none']).default('auto'),
  /** sherpa-onnx: the streaming transducer's directory; pocketsphinx: another model folder (optional). */
  asrModel: z.string().min(1).nullable().default(null),
  /** Keyword-spotting model directory (sherpa-onnx KWS with keywords-courier-fraud.txt); none: no keyword spotting. */
  kwsModel: z.string().min(1).nullable().default(null),
  /** pocketsphinx worker processes (one core each while decoding). */
  asrWorkers: z.coerce.number().int().min(1).max(64).default(2),
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
    trunk: env.CALLWARDEN_TRUNK || undefined,
    clearLineMinutes: env.CALLWARDEN_CLEAR_LINE_MINUTES ? Number(env.CALLWARDEN_CLEAR_LINE_MINUTES) : undefined,
    trunkUser: env.CALLWARDEN_TRUNK_USER || undefined,
    trunkPassword: env.CALLWARDEN_TRUNK_PASSWORD || undefined,
    reportShortCode: env.CALLWARDEN_REPORT_SHORT_CODE || undefined,
    reportWindowMinutes: env.CALLWARDEN_REPORT_WINDOW_MINUTES
      ? Number(env.CALLWARDEN_REPORT_WINDOW_MINUTES)
      : undefined,
    rtpPorts: env.CALLWARDEN_RTP_PORTS || undefined,
    guardRetentionDays: env.CALLWARDEN_GUARD_RETENTION_DAYS ? Number(env.CALLWARDEN_GUARD_RETENTION_DAYS) : undefined,
    dashboardUrl: env.CALLWARDEN_DASHBOARD_URL || undefined,
    webhookSecret: env.CALLWARDEN_WEBHOOK_SECRET || undefined,
    webhookUrl: env.CALLWARDEN_WEBHOOK_URL || undefined,
    smtp: env.CALLWARDEN_SMTP || undefined,
    smtpUser: env.CALLWARDEN_SMTP_USER || undefined,
    smtpPassword: env.CALLWARDEN_SMTP_PASSWORD || undefined,
    smtpFrom: env.CALLWARDEN_SMTP_FROM || undefined,
    bankEndpoint: env.CALLWARDEN_BANK_ENDPOINT || undefined,
    bankSecret: env.CALLWARDEN_BANK_SECRET || undefined,
    asrEngine: (env.CALLWARDEN_ASR_ENGINE as ConfigInput['asrEngine']) || undefined,
    asrModel: env.CALLWARDEN_ASR_MODEL || undefined,
    kwsModel: env.CALLWARDEN_KWS_MODEL || undefined,
    asrWorkers: env.CALLWARDEN_ASR_WORKERS ? Number(env.CALLWARDEN_ASR_WORKERS) : undefined,
  };
  const merged = { ...stripUndefined(fromEnv), ...stripUndefined(options) };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  if ((parsed.data.trunkUser === null) !== (parsed.data.trunkPassword === null)) {
    throw new ConfigError('invalid configuration: trunkUser and trunkPassword go together (set both or neither)');
  }
  return Object.freeze({ ...parsed.data, dataDir: resolve(parsed.data.dataDir) });
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
