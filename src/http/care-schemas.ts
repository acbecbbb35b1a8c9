/**
 * The contract of the routes about who is signed in, API tokens, what the live guard kept of flagged calls, scam
 * campaigns near a resident, and the WebSocket transcript feed. Routes validate with these schemas, the OpenAPI
 * document is generated from them, and the dashboard parses every answer with them.
 *
 * @example
 * import { meSchema } from '../../../src/http/care-schemas.js';
 * const me = await api.get('/api/me', meSchema);
 */
import { z } from 'zod';
import { campaignStatuses } from '../campaigns/detect-campaigns.js';
import { actionLevels, stages } from '../detection/stages.js';
import { campaignScripts } from '../notifications/alert-messages.js';
import { limit, text, timestamp, wholeId } from './schemas.js';

const roles = ['admin', 'carer', 'analyst'] as const;

// Who is signed in

export const meSchema = z.object({
  tokenId: z.number().int(),
  name: z.string().meta({ description: 'Who the token is for (its label)' }),
  role: z.enum(roles),
  /** `all`: every resident (admin, analyst); `own`: only `residents` (a carer). */
  scope: z.enum(['all', 'own']),
  residents: z
    .array(z.object({ id: z.number().int(), name: z.string(), number: z.string(), postcode: z.string().nullable() }))
    .meta({ description: "A carer's residents (empty for admin and analyst tokens, which see everyone)" }),
});

// API tokens

export const tokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: z.enum(roles),
  residentIds: z.array(z.number().int()),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable().meta({ description: 'Last accepted request, to the minute; null: never used' }),
  revokedAt: timestamp.nullable().meta({ description: 'Null while the token works' }),
});

export const tokenCreateBody = z
  .object({
    name: text('name', 200),
    role: z.enum(roles, { error: `role must be one of ${roles.join(', ')}` }),
    residentIds: z
      .array(wholeId('a resident id'))
      .max(100, 'a token names at most 100 residents')
      .default([])
      .meta({ description: 'For a carer: the residents they look after (at least one)' }),
  })
  .strict();

export const tokenCreatedSchema = z.object({
  token: tokenSchema,
  secret: z.string().meta({ description: 'The bearer secret: shown once, only its hash is stored' }),
});

export const tokenIdParams = z.object({ id: wholeId('the token id') });
export const tokensQuery = z.object({
  revoked: z
    .enum(['include', 'exclude'], { error: 'revoked must be include or exclude' })
    .default('include')
    .meta({ description: 'Whether revoked tokens are listed (default include)' }),
});

// Evidence of flagged guarded calls

export const evidenceQuery = z.object({
  residentId: wholeId('residentId').optional(),
  limit: limit(500, 50),
});

export const evidenceSchema = z.object({
  callId: z.string(),
  residentId: z.number().int().nullable(),
  residentName: z.string().nullable(),
  caller: z.string().meta({ description: 'The caller ID as presented (empty when withheld)' }),
  number: z.string().nullable(),
  level: z.enum(actionLevels).meta({ description: 'Highest action level reached: alert or end' }),
  risk: z.number(),
  stages: z.array(z.enum(stages)).meta({ description: 'Parts of the scam script that were recognised' }),
  reasons: z.array(z.object({ turn: z.number().int(), stage: z.enum(stages), text: z.string() })),
  turns: z
    .array(z.object({ turn: z.number().int(), speaker: z.enum(['caller', 'callee']), text: z.string() }))
    .meta({ description: 'Only the turns the reasons cite, kept as evidence' }),
  done: z.array(z.string()).meta({ description: 'What CallWarden did, in plain words' }),
  flaggedAt: timestamp,
  expiresAt: timestamp.meta({ description: 'When this evidence is deleted (retention)' }),
});

// Scam campaigns near a resident

export const campaignAlertSchema = z.object({
  campaignId: z.number().int(),
  district: z.string(),
  status: z.enum(campaignStatuses),
  script: z.enum(campaignScripts),
  start: timestamp,
  lastCall: timestamp,
  headline: z.string().meta({ description: 'Plain words: "Scam calls are being made to homes in SG23 tonight: …"' }),
  advice: z.string(),
  numbers: z.array(z.string()),
});

// Voicemail

export const voicemailSchema = z.object({
  callId: z.string(),
  residentId: z.number().int(),
  caller: z.string().meta({ description: 'The caller ID as presented' }),
  number: z.string().nullable().meta({ description: 'The caller in E.164, when known' }),
  at: z.string().meta({ description: 'When the call came in (ISO 8601, UTC)' }),
  durationMs: z.number().int(),
  audio: z.string().meta({ description: 'Where to download the message (audio/wav)' }),
});

export type VoicemailView = z.infer<typeof voicemailSchema>;
export type MeView = z.infer<typeof meSchema>;
export type TokenView = z.infer<typeof tokenSchema>;
export type EvidenceView = z.infer<typeof evidenceSchema>;
export type CampaignAlertView = z.infer<typeof campaignAlertSchema>;
