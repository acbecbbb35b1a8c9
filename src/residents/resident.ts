/**
 * A resident: the protected person whose line CallWarden screens, with the per-line settings that change decisions.
 */
import { z } from 'zod';
import type { E164 } from '../numbers/phone-number.js';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (24-hour clock)');

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
