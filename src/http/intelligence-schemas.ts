/**
 * The contract of the intelligence routes (campaigns, analyst verdicts on numbers, the audit log, published figures),
 * in the style of `schemas.ts`: routes validate with these, the OpenAPI document is generated from them, and a web
 * UI imports them.
 */
import { z } from 'zod';
import { reviewStatuses } from '../app/intelligence.js';
import { campaignKinds, campaignResponses, campaignStatuses } from '../campaigns/detect-campaigns.js';
import { reputationVerdicts } from '../reputation/reputation.js';
import { reportTypes } from '../store/store.js';
import { dateInput, limit as queryLimit, text, timestamp, wholeId } from './schemas.js';

const area = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,2}\d[A-Z\d]?$/, 'area must be a UK postcode district such as CM23');

const limit = queryLimit(1000, 100);

const reason = text('reason', 500);

// Requests

export const campaignIdParams = z.object({ id: wholeId('the campaign id') });

export const campaignsQuery = z.object({
  status: z.enum(campaignStatuses).optional(),
  since: dateInput('since').optional(),
  until: dateInput('until').optional(),
  limit,
});

export const campaignStatusBody = z.object({ status: z.enum(reviewStatuses), reason: reason.optional() }).strict();

export const scanSchema = z.object({
  detected: z.number().int().meta({ description: 'Campaigns found in the last 24 hours of calls' }),
  created: z.array(z.number().int()).meta({ description: 'Ids of campaigns new in this scan' }),
  updated: z.array(z.number().int()),
  ended: z.array(z.number().int()),
  warnedResidents: z
    .number()
    .int()
    .meta({ description: 'Residents whose carers were warned about a campaign in this scan (once per campaign)' }),
});

export const verdictBody = z.object({ reason }).strict();

export const auditQuery = z.object({
  number: z.string().trim().min(1).max(100).optional(),
  since: dateInput('since').optional(),
  until: dateInput('until').optional(),
  limit,
});

export const figuresQuery = z.object({
  since: dateInput('since').optional(),
  until: dateInput('until').optional(),
  area: area.optional(),
});

// Responses

export const campaignSchema = z.object({
  id: z.number().int(),
  key: z.string().meta({ description: 'What the calls share: number:+44…, range:+44207946… or script:courier-fraud' }),
  kind: z.enum(campaignKinds),
  status: z.enum(campaignStatuses),
  response: z.enum(campaignResponses).meta({ description: 'block: its numbers are blocked while it is active' }),
  start: timestamp,
  end: timestamp.nullable().meta({ description: 'null while the campaign is active' }),
  lastCallAt: timestamp,
  numbers: z.array(z.string()),
  residentsReached: z.number().int(),
  districts: z.array(z.string()),
  calls: z.number().int(),
  flaggedShare: z.number().meta({ description: 'Share of calls blocked/screened with risk ≥ 0.5, or reported' }),
  reason: z.string(),
  explanations: z.array(z.string()),
});

const numberState = z.object({
  blocked: z.object({ source: z.string(), reason: z.string() }).nullable(),
  reports: z.object({ open: z.number().int(), confirmed: z.number().int(), rejected: z.number().int() }),
  verdict: z.enum(reputationVerdicts),
});

export const verdictSchema = z.object({
  number: z.string(),
  action: z.enum(['confirm', 'clear']),
  before: numberState,
  after: numberState,
  notes: z.array(z.string()),
  auditId: z.number().int(),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: timestamp,
  actor: z.string().meta({ description: 'token:ID, cli or campaign-watch' }),
  actorName: z.string().nullable(),
  action: z.string(),
  number: z.string().nullable(),
  campaignId: z.number().int().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
});

const tally = { reports: z.number().int(), lossPounds: z.number() };

export const figuresSchema = z.object({
  since: timestamp.nullable(),
  until: timestamp.nullable(),
  area: z.string().nullable(),
  reports: z.object({
    ...tally,
    byType: z.array(z.object({ type: z.enum(reportTypes), ...tally })),
    byMonth: z.array(z.object({ month: z.string(), ...tally })),
    byArea: z.array(z.object({ area: z.string(), ...tally })),
  }),
  topReportedNumbers: z.array(z.object({ number: z.string(), distinctReporters: z.number().int(), ...tally })),
  calls: z.object({
    total: z.number().int(),
    blocked: z.number().int(),
    screened: z.number().int(),
    voicemail: z.number().int(),
    rung: z.number().int(),
  }),
  campaigns: z.object({
    total: z.number().int(),
    byStatus: z.record(z.enum(campaignStatuses), z.number().int()),
    list: z.array(
      z.object({
        id: z.number().int(),
        status: z.enum(campaignStatuses),
        start: timestamp,
        residentsReached: z.number().int(),
        districts: z.array(z.string()),
        reason: z.string(),
      }),
    ),
  }),
});

export type CampaignView = z.infer<typeof campaignSchema>;
export type ScanView = z.infer<typeof scanSchema>;
export type VerdictView = z.infer<typeof verdictSchema>;
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
export type FiguresView = z.infer<typeof figuresSchema>;
