/**
 * A resident: the protected person whose line CallWarden screens, with the per-line settings that change decisions.
 */
import { z } from 'zod';
import type { E164 } from '../numbers/phone-number.js';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (24-hour clock)');

/** Per-resident settings of the live call guard; every field has a safe default (the guard is off). */
export const guardSettingsSchema = z
  .object({
    /** Listen to calls that screening let through and act on the scam detector's verdict. */
    enabled: z.boolean().default(false),
    /** Guard only callers who are not trusted contacts (the default); false guards every call. */
    onlyNonContacts: z.boolean().default(true),
    /** `warn`: a short spoken warning into the resident's leg only, once per newly seen stage. */
    warnResident: z.boolean().default(true),
    /** `alert`: notify the carer / trusted contacts (webhook and email below, and the operator's webhook). */
    alertContacts: z.boolean().default(true),
    /** `end`: announce, end the call, block the number for this resident and file a report. */
    endCall: z.boolean().default(true),
    /** Carers' email addresses told at `alert`. */
    alertEmails: z.array(z.email()).max(10).default([]),
    /** A carer's (or care platform's) webhook told at `alert`, signed like the operator's webhook. */
    alertWebhookUrl: z
      .url({ protocol: /^https?$/ })
      .nullable()
      .default(null),
  })
  .strict();
export type GuardSettings = z.infer<typeof guardSettingsSchema>;

/** Opt-in at-risk notice to a bank (the UK Banking Protocol): only the minimum a bank needs, never a transcript. */
export const bankAtRiskSettingsSchema = z
  .object({
    optIn: z.boolean().default(false),
    /** The bank's reference for this customer (what the bank asked to receive), instead of account details. */
    customerReference: z.string().trim().min(1).max(64).nullable().default(null),
  })
  .strict();
export type BankAtRiskSettings = z.infer<typeof bankAtRiskSettingsSchema>;

/** Per-resident screening settings; every field has a safe default so an empty object is valid. */
export const residentSettingsSchema = z
  .object({
    /** What happens to unknown callers (not contacts, not blocked). */
    unknownCallers: z.enum(['screen', 'ring', 'voicemail']).default('screen'),
    /** What happens to withheld / anonymous caller IDs. */
    withheld: z.enum(['screen', 'voicemail', 'block']).default('screen'),
    /** Callers from outside the resident's country. */
    international: z.enum(['screen', 'block', 'ring']).default('screen'),
    /** Premium-rate numbers (09…) as caller ID. */
    premiumRate: z.enum(['block', 'screen']).default('block'),
    /** Quiet hours in the resident's time zone: non-contacts go to voicemail. */
    quietHours: z.object({ start: clockTime, end: clockTime }).nullable().default(null),
    timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/London').default('Europe/London'),
    /** How a blocked call is refused: 603 Decline, a short announcement, or silence so the caller learns nothing. */
    blockResponse: z.enum(['decline', 'announce', 'silent']).default('decline'),
    /** The live call guard (docs/guard.md): off unless switched on; what it does at each action level. */
    guard: guardSettingsSchema.prefault({}),
    /** The signed at-risk notice to the resident's bank when a guarded call reaches `alert` (opt-in). */
    bankAtRisk: bankAtRiskSettingsSchema.prefault({}),
  })
  .strict();

export type ResidentSettings = z.infer<typeof residentSettingsSchema>;

export const defaultResidentSettings: ResidentSettings = Object.freeze(residentSettingsSchema.parse({}));

export interface Resident {
  id: number;
  number: E164;
  /** Country of the resident's own number (ISO 3166 alpha-2): callers from elsewhere are "international". */
  country: string | null;
  name: string;
  /** Postcode district (`CM23`), used for area figures and campaign warnings. */
  postcode: string | null;
  /** SIP URI the resident's phone is reached at (overridden by a live REGISTER). */
  phoneUri: string | null;
  settings: ResidentSettings;
  createdAt: Date;
}

export interface TrustedContact {
  id: number;
  residentId: number;
  number: E164;
  name: string;
  createdAt: Date;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
