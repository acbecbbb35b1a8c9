/**
 * Plain words for what the API returns: decisions, report kinds, phone numbers and times, written for residents and
 * their families (no technical terms). Closed sets are mapped with `satisfies Record<…>`, so a new value on the server
 * fails the web typecheck until it has words here.
 */
import type { EvidenceView, TokenView } from '../../src/http/care-schemas.js';
import type { CampaignView } from '../../src/http/intelligence-schemas.js';
import type { CallView, ReportView } from '../../src/http/schemas.js';

export type Action = CallView['action'];
export type ReportType = ReportView['type'];
export type ReportStatus = ReportView['status'];

export const actionWords = {
  ring: { label: 'Rang through', tone: 'ok', detail: 'The phone rang as normal.' },
  screen: { label: 'Caller asked who they are', tone: 'warn', detail: 'The caller had to say who they are first.' },
  voicemail: {
    label: 'Sent to voicemail',
    tone: 'warn',
    detail: 'The phone did not ring; the caller could leave a message.',
  },
  block: { label: 'Blocked', tone: 'stop', detail: 'The phone did not ring.' },
} as const satisfies Record<Action, { label: string; tone: 'ok' | 'warn' | 'stop'; detail: string }>;

export const reportTypeWords = {
  'courier-fraud': 'Courier scam (someone to collect cash or cards)',
  'bank-impersonation': 'Pretended to be the bank',
  'police-impersonation': 'Pretended to be the police',
  vouchers: 'Asked for gift cards or vouchers',
  'tech-support': 'Pretended to fix a computer or internet',
  other: 'Something else, or not sure',
} as const satisfies Record<ReportType, string>;

export const reportStatusWords = {
  open: 'Waiting for review',
  confirmed: 'Confirmed scam',
  rejected: 'Not a scam',
} as const satisfies Record<ReportStatus, string>;

type CampaignStatus = CampaignView['status'];
export const campaignStatusWords = {
  active: 'Going on now',
  ended: 'Over',
  confirmed: 'Confirmed scam',
  dismissed: 'Dismissed',
} as const satisfies Record<CampaignStatus, string>;

/**
 * A number as people write it: UK numbers in their national form with the usual spaces (`01279 555001`,
 * `020 7946 0001`), others in international form. `+441279555001` → `01279 555001`.
 */
export function readableNumber(e164: string | null, presented?: string): string {
  if (e164 === null || !e164.startsWith('+')) {
    // Withheld, or a short code such as 101 (kept as `GB:101`): show what the caller showed.
    const shown = presented?.replace(/^(sip:|tel:)/, '').replace(/@.*$/, '');
    return shown && /\d{3}/.test(shown) ? shown : e164 === null ? 'Number withheld' : e164.replace(/^[A-Z]{2}:/, '');
  }
  if (!e164.startsWith('+44')) return e164;
  const national = `0${e164.slice(3)}`;
  if (national.length !== 11) return national;
  if (national.startsWith('02')) return `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
  if (/^0[389]/.test(national)) return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
  return `${national.slice(0, 5)} ${national.slice(5)}`;
}

const dayTime = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});
const dayOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** `Tuesday 4 August at 10:02 am` */
export function readableTime(iso: string): string {
  const parts = dayTime.formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} at ${get('hour')}:${get('minute')} ${get('dayPeriod').toLowerCase()}`;
}

/** `4 Aug 2026` */
export function readableDate(iso: string | Date): string {
  return dayOnly.format(typeof iso === 'string' ? new Date(iso) : iso);
}

export function pounds(amount: number): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 }).format(
    amount,
  );
}

type Stage = EvidenceView['stages'][number];
/** The parts of a scam script the live guard recognises, as a carer would put them. */
export const stageWords = {
  impersonation: 'Pretended to be someone official (police, bank) or someone you know',
  'account-threat': 'Said there was a problem with money, an account or the law, to alarm',
  'credential-ask': 'Asked for a PIN, password, code or card details',
  'money-ask': 'Asked to take out, move or spend money',
  handover: 'Arranged for someone to collect cash, cards or goods',
  secrecy: 'Asked to keep the call secret',
  pressure: 'Rushed or kept the person on the line',
} as const satisfies Record<Stage, string>;

type GuardLevel = EvidenceView['level'];
export const guardLevelWords = {
  none: { label: 'Nothing found', tone: 'ok' },
  warn: { label: 'Warned during the call', tone: 'warn' },
  alert: { label: 'Carers alerted', tone: 'warn' },
  end: { label: 'Call ended by CallWarden', tone: 'stop' },
} as const satisfies Record<GuardLevel, { label: string; tone: 'ok' | 'warn' | 'stop' }>;

type TokenRole = TokenView['role'];
export const roleWords = {
  admin: 'Administrator (everything)',
  analyst: 'Analyst (reports and figures, read-only)',
  carer: 'Family or carer (only the people chosen)',
} as const satisfies Record<TokenRole, string>;

/** `1 min 5 s`, `42 seconds` */
export function readableDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return `${minutes} minute${minutes === 1 ? '' : 's'}${rest > 0 ? ` ${rest} second${rest === 1 ? '' : 's'}` : ''}`;
}
