/**
 * The HTTP API's contract: every request and response shape as a zod schema. Routes validate with them, the OpenAPI
 * document at `GET /openapi.json` is generated from them, and a web UI imports them instead of copying types.
 *
 * @example
 * import { residentSchema, type ResidentView } from '../src/http/schemas.js';
 * const resident: ResidentView = residentSchema.parse(await (await fetch('/api/residents/1', init)).json());
 */
import { z } from 'zod';
import { reporterKinds, reportStatuses, reputationVerdicts } from '../reputation/reputation.js';
import { residentSettingsSchema } from '../residents/resident.js';
import { actions, attestations, reasonCodes } from '../screening/policy.js';
import { blockSources, reportTypes } from '../store/store.js';

// Building blocks

/** A positive whole number in a path or query (`/api/residents/12`). */
export const wholeId = (what: string) =>
  z.coerce
    .number({ error: `${what} must be a whole number` })
    .int(`${what} must be a whole number`)
    .positive(`${what} must be a positive whole number`)
    .max(2_147_483_647, `${what} is too large`);

/** Required, trimmed, non-empty text. */
export const text = (what: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`) })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is too long (at most ${max} characters)`);

/**
 * A phone number in any common written form (`01279 555001`, `+44 1279 555001`, `tel:+441279555001`). The
 * operations layer normalises it to E.164 and says precisely what is wrong with one it cannot use.
 */
export const phoneNumberInput = text('number', 100).meta({
  description: 'A phone number in any common written form, e.g. "+44 1279 555001" or "01279 555001"',
  examples: ['+441279555001'],
});

/** A date (`2026-08-01`, midnight UTC) or an ISO 8601 time (`2026-08-01T09:30:00Z`). */
export const dateInput = (what: string) =>
  z
    .string({ error: `${what} must be a date like 2026-08-01 or an ISO 8601 time` })
    .trim()
    .transform((value, ctx) => {
      const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
      if (value === '' || Number.isNaN(date.getTime())) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} must be a date like 2026-08-01 or an ISO 8601 time (got '${value}')`,
        });
        return z.NEVER;
      }
      return date;
    })
    .meta({ description: 'A date (2026-08-01, meaning midnight UTC) or an ISO 8601 time', examples: ['2026-08-01'] });

/** ISO 8601 timestamp in responses. */
export const timestamp = z
  .string()
  .meta({ description: 'ISO 8601 time (UTC)', examples: ['2026-08-01T09:30:00.000Z'] });

// Path and query parameters

export const residentIdParams = z.object({ id: wholeId('the resident id') });
export const residentNumberParams = z.object({ id: wholeId('the resident id'), number: phoneNumberInput });
export const numberParams = z.object({ number: phoneNumberInput });
export const reportIdParams = z.object({ id: wholeId('the report id') });
export const callIdParams = z.object({ callId: text('the call id', 300) });

/** `limit` in a query: a whole number from 1 to `max`, `fallback` when absent. */
export const limit = (max: number, fallback: number) =>
  z.coerce
    .number({ error: 'limit must be a whole number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(max, `limit must be at most ${max}`)
    .default(fallback);

export const pageQuery = z.object({
  limit: limit(1000, 100),
  offset: z.coerce
    .number({ error: 'offset must be a whole number' })
    .int('offset must be a whole number')
    .min(0, 'offset must not be negative')
    .default(0),
});

export const callsQuery = z.object({
  residentId: wholeId('residentId').optional(),
  since: dateInput('since').optional(),
  until: dateInput('until').optional(),
  limit: limit(1000, 100),
});

export const reportFormats = ['json', 'csv'] as const;

export const reportsQuery = z.object({
  since: dateInput('since').optional(),
  until: dateInput('until').optional(),
  area: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{1,2}\d[A-Z\d]?$/, 'area must be a UK postcode district such as CM23')
    .optional(),
  type: z.enum(reportTypes).optional(),
  format: z.enum(reportFormats).default('json'),
});

// Request bodies

const settingsFields = residentSettingsSchema.shape;

/** Resident settings as stored and returned: every field present. */
export const settingsSchema = z.object({
  unknownCallers: settingsFields.unknownCallers.unwrap(),
  withheld: settingsFields.withheld.unwrap(),
  international: settingsFields.international.unwrap(),
  premiumRate: settingsFields.premiumRate.unwrap(),
  quietHours: settingsFields.quietHours.unwrap(),
  timeZone: settingsFields.timeZone.unwrap(),
  blockResponse: settingsFields.blockResponse.unwrap(),
});

/**
 * A change to some settings: fields left out keep their current value. (Defaults are deliberately not applied here:
 * a default would silently overwrite a setting the caller did not mention.)
 */
export const settingsPatchBody = z
  .object({
    unknownCallers: settingsSchema.shape.unknownCallers.optional(),
    withheld: settingsSchema.shape.withheld.optional(),
    international: settingsSchema.shape.international.optional(),
    premiumRate: settingsSchema.shape.premiumRate.optional(),
    quietHours: settingsSchema.shape.quietHours.optional(),
    timeZone: settingsSchema.shape.timeZone.optional(),
    blockResponse: settingsSchema.shape.blockResponse.optional(),
  })
  .strict();

const postcodeInput = z
  .string({ error: 'postcode must be text' })
  .max(20, 'postcode is too long')
  .nullable()
  .meta({ description: 'Postcode district (CM23) or a full postcode, of which the district is kept' });
const sipUriInput = z
  .string({ error: 'phone must be text' })
  .max(500, 'phone is too long')
  .nullable()
  .meta({ description: "SIP URI of the resident's phone, e.g. sip:phone@192.0.2.10:5060" });

export const residentCreateBody = z
  .object({
    number: phoneNumberInput,
    name: text('name', 200),
    postcode: postcodeInput.optional(),
    phone: sipUriInput.optional(),
    settings: settingsPatchBody.optional(),
  })
  .strict();

export const residentUpdateBody = z
  .object({
    name: text('name', 200).optional(),
    postcode: postcodeInput.optional(),
    phone: sipUriInput.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one of name, postcode, phone');

export const contactCreateBody = z.object({ number: phoneNumberInput, name: text('name', 200) }).strict();

export const blockCreateBody = z.object({ number: phoneNumberInput, reason: text('reason', 500) }).strict();

export const reportCreateBody = z
  .object({
    number: phoneNumberInput.meta({ description: 'The caller number exactly as it was shown' }),
    residentId: wholeId('residentId').nullable().optional(),
    type: z.enum(reportTypes).optional(),
    lossPounds: z
      .number({ error: 'lossPounds must be a number of pounds' })
      .min(0, 'lossPounds must not be negative')
      .max(1e9, 'lossPounds is too large')
      .optional(),
    text: z.string({ error: 'text must be text' }).max(5000, 'text is too long (at most 5000 characters)').optional(),
    callId: z.string({ error: 'callId must be text' }).min(1).max(300).nullable().optional(),
  })
  .strict();

export const reportStatusBody = z.object({ status: z.enum(reportStatuses) }).strict();

export const screenBody = z
  .object({
    from: z
      .string({ error: (issue) => (issue.input === undefined ? 'from is required' : 'from must be text') })
      .max(500, 'from is too long')
      .meta({ description: "The caller ID as presented: a number, tel: or sip: URI, or 'anonymous'" }),
    to: phoneNumberInput.meta({ description: "The resident's number that was called" }),
    at: dateInput('at').optional(),
    withheld: z.boolean({ error: 'withheld must be true or false' }).optional(),
    attestation: z.enum(attestations).nullable().optional(),
  })
  .strict();

/** `POST /api/dno/import` takes the CSV file itself (`Content-Type: text/csv`). */
export const dnoCsvBody = z
  .string({ error: 'send the CSV file as the request body with Content-Type: text/csv' })
  .meta({ description: 'CSV with a header row; column `number` required, `owner` optional, others kept' });

// Responses

export const residentSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  country: z.string().nullable(),
  name: z.string(),
  postcode: z.string().nullable(),
  phoneUri: z.string().nullable(),
  settings: settingsSchema,
  createdAt: timestamp,
});

export const contactSchema = z.object({
  id: z.number().int(),
  residentId: z.number().int(),
  number: z.string(),
  name: z.string(),
  createdAt: timestamp,
});

export const blockSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  reason: z.string(),
  source: z.enum(blockSources),
  residentId: z.number().int().nullable().meta({ description: 'Null: blocked for every resident' }),
  createdAt: timestamp,
});

export const dnoEntrySchema = z.object({
  number: z.string(),
  owner: z.string().nullable(),
  extra: z.record(z.string(), z.string()),
  importedAt: timestamp,
});

export const dnoImportResultSchema = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), error: z.string() })),
});

export const reportSchema = z.object({
  id: z.number().int(),
  number: z.string().nullable(),
  presented: z.string(),
  residentId: z.number().int().nullable(),
  reporter: z.string(),
  reporterKind: z.enum(reporterKinds),
  type: z.enum(reportTypes),
  lossPence: z.number().int(),
  lossPounds: z.number(),
  text: z.string().nullable(),
  callId: z.string().nullable(),
  status: z.enum(reportStatuses),
  createdAt: timestamp,
});

export const reasonSchema = z.object({ code: z.enum(reasonCodes), text: z.string() });

export const callSchema = z.object({
  callId: z.string(),
  residentId: z.number().int().nullable(),
  presented: z.string(),
  number: z.string().nullable(),
  at: timestamp,
  action: z.enum(actions),
  risk: z.number(),
  reasons: z.array(reasonSchema),
  outcome: z.string().nullable(),
});

/** The decision exactly as `callwarden screen --json` prints it, plus the resident and the call-log id. */
export const decisionSchema = z.object({
  action: z.enum(actions),
  risk: z.number().min(0).max(1),
  reasons: z.array(reasonSchema),
  resident: z.number().int().meta({ description: 'Id of the resident whose line was called' }),
  callId: z.string().nullable().meta({
    description:
      'Id of the call-log entry (GET /api/calls/{callId}); null when the call could not be recorded (the decision stands)',
  }),
});

export const reputationSchema = z.object({
  score: z.number(),
  verdict: z.enum(reputationVerdicts),
  distinctReporters: z.number().int(),
  reports: z.number().int(),
  evidence: z.number(),
});

export const numberReportSchema = z.object({
  number: z.string(),
  national: z.string(),
  valid: z.boolean(),
  kind: z.string(),
  country: z.string().nullable(),
  special: z.string().nullable(),
  blocked: z
    .object({ reason: z.string(), source: z.string(), residentId: z.number().int().nullable(), since: timestamp })
    .nullable(),
  doNotOriginate: z.object({ owner: z.string().nullable() }).nullable(),
  reputation: reputationSchema,
  reports: z.array(
    z.object({
      id: z.number().int(),
      type: z.enum(reportTypes),
      at: timestamp,
      status: z.string(),
      lossPounds: z.number(),
      residentId: z.number().int().nullable(),
    }),
  ),
  why: z.array(z.string()),
});

export const healthSchema = z.object({ status: z.enum(['ok', 'unavailable']) });

/** Every error response: a stable `error` kind, a sentence for people, and which inputs were wrong. */
export const errorSchema = z.object({
  error: z.string().meta({
    description:
      'invalid | unauthorized | forbidden | not-found | conflict | unsupported-media-type | too-large | unavailable | internal',
  }),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type ResidentView = z.infer<typeof residentSchema>;
export type ContactView = z.infer<typeof contactSchema>;
export type BlockView = z.infer<typeof blockSchema>;
export type DnoEntryView = z.infer<typeof dnoEntrySchema>;
export type ReportView = z.infer<typeof reportSchema>;
export type CallView = z.infer<typeof callSchema>;
export type DecisionView = z.infer<typeof decisionSchema>;
export type NumberReportView = z.infer<typeof numberReportSchema>;
export type ErrorBody = z.infer<typeof errorSchema>;
export type SettingsPatch = z.infer<typeof settingsPatchBody>;
