/**
 * What the guard's alerts say, per channel, as outbox entries: the carer's email (plain words: who called, when,
 * what was detected, what CallWarden did, a link to the call in the dashboard), the signed webhook (the same as
 * JSON) and the bank's at-risk notice (opt-in; only the minimum a bank needs — never the conversation).
 *
 * @example
 * await store.enqueueNotifications(alertNotifications(facts, { emails: ['carer@example.org'], ... }));
 */
import type { NewNotification } from '../store/store.js';
import type { EmailPayload } from './email-sender.js';
import type { SignedPostPayload } from './signed-post.js';

/** One guarded call that reached `alert` (or `end`), as the notifications describe it. */
export interface AlertFacts {
  callId: string;
  level: 'alert' | 'end';
  resident: { id: number; name: string; number: string; timeZone: string };
  /** The caller ID as presented, and normalised when it could be. */
  caller: { presented: string; number: string | null };
  /** When the call reached this level. */
  at: Date;
  risk: number;
  stages: readonly string[];
  /** One sentence per reason, in plain words (the detector's explanations, never the caller's words). */
  reasons: readonly { stage: string; text: string }[];
  /** What CallWarden did, in plain words ("warned Ada during the call"). */
  done: readonly string[];
}

export interface AlertTargets {
  /** The dashboard's address; the link is `<dashboardUrl>/#/calls/<callId>`. */
  dashboardUrl: string;
  /** Webhooks to tell (the operator's, the carer's), each signed with the webhook secret. */
  webhookUrls: readonly string[];
  emails: readonly string[];
  /** The bank's endpoint when the resident opted in and one is configured. */
  bank: { url: string; customerReference: string | null } | null;
}

/** The fixed description a bank receives: what to look out for at the counter, no more. */
export const bankConcern = 'possible coercion: courier/bank impersonation';

export function callLink(dashboardUrl: string, callId: string): string {
  return `${dashboardUrl.replace(/\/+$/, '')}/#/calls/${encodeURIComponent(callId)}`;
}

/** The outbox entries for one alert; keys make each unique per call, level, channel and recipient. */
export function alertNotifications(facts: AlertFacts, targets: AlertTargets): NewNotification[] {
  const base = { callId: facts.callId, residentId: facts.resident.id, at: facts.at };
  const link = callLink(targets.dashboardUrl, facts.callId);
  const items: NewNotification[] = [];
  const webhookBody = {
    event: facts.level === 'end' ? 'call.ended' : 'call.alert',
    callId: facts.callId,
    level: facts.level,
    at: facts.at.toISOString(),
    resident: { id: facts.resident.id, name: facts.resident.name, number: facts.resident.number },
    caller: facts.caller,
    risk: Math.round(facts.risk * 1000) / 1000,
    stages: facts.stages,
    reasons: facts.reasons,
    done: facts.done,
    link,
  };
  for (const url of new Set(targets.webhookUrls)) {
    const payload: SignedPostPayload = { url, body: webhookBody };
    items.push({ ...base, key: `${facts.callId}:${facts.level}:webhook:${url}`, channel: 'webhook', payload });
  }
  for (const to of new Set(targets.emails)) {
    const payload: EmailPayload = { to, ...alertEmail(facts, link) };
    items.push({ ...base, key: `${facts.callId}:${facts.level}:email:${to}`, channel: 'email', payload });
  }
  if (targets.bank) {
    const payload: SignedPostPayload = {
      url: targets.bank.url,
      body: {
        type: 'callwarden.at-risk',
        version: 1,
        customer: {
          reference: targets.bank.customerReference,
          name: facts.resident.name,
          phoneNumber: facts.resident.number,
        },
        at: facts.at.toISOString(),
        concern: bankConcern,
        notice: facts.callId,
      },
    };
    // Once per call: a bank needs to know the customer may be under pressure, not each step of the call.
    items.push({ ...base, key: `${facts.callId}:bank`, channel: 'bank', payload });
  }
  return items;
}

/** The carer's email: plain words, no transcript. */
export function alertEmail(facts: AlertFacts, link: string): { subject: string; text: string } {
  const name = facts.resident.name;
  const caller =
    facts.caller.number && facts.caller.number !== facts.caller.presented
      ? `${facts.caller.presented || 'a withheld number'} (${facts.caller.number})`
      : facts.caller.presented || 'a withheld number';
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: facts.resident.timeZone,
  }).format(facts.at);
  const seen = [...new Map(facts.reasons.map((reason) => [reason.text, reason])).values()];
  const subject =
    facts.level === 'end'
      ? `CallWarden ended a scam call to ${name}`
      : `CallWarden: ${name} is on a call that looks like a scam`;
  const lines = [
    facts.level === 'end'
      ? `CallWarden ended a call to ${name} because it was almost certainly a scam.`
      : `${name} is on a call that looks like a scam. You may want to ring ${name} once the call is over.`,
    '',
    `Who called: ${caller}`,
    `When: ${when} (${facts.resident.timeZone})`,
    '',
    'What CallWarden noticed:',
    ...(seen.length > 0 ? seen.map((reason) => `- ${reason.text}`) : ['- The call as a whole looked like a scam.']),
    '',
    ...(facts.done.length > 0 ? ['What CallWarden did:', ...facts.done.map((step) => `- ${step}`), ''] : []),
    `See the call in the dashboard: ${link}`,
    '',
    'Nothing the caller or the resident said is included in this email.',
  ];
  return { subject, text: `${lines.join('\n')}\n` };
}

/** The kinds of scam a campaign warning can name (report types, plus `unknown` when nothing says which). */
export const campaignScripts = [
  'courier-fraud',
  'police-impersonation',
  'bank-impersonation',
  'vouchers',
  'tech-support',
  'unknown',
] as const;
export type CampaignScript = (typeof campaignScripts)[number];

/** What the callers pretend, and what the real organisation never does, per kind of scam. */
const scriptWords = {
  'courier-fraud': {
    pretending:
      'callers pretending to be police officers or bank staff, who then send a courier to collect cash or bank cards',
    advice: 'Real police and banks never ask for your PIN and never send anyone to collect cash, cards or valuables.',
  },
  'police-impersonation': {
    pretending: 'callers pretending to be police officers',
    advice: 'Real police never ask for your PIN, bank cards or cash, and never send a courier to your door.',
  },
  'bank-impersonation': {
    pretending: 'callers pretending to be from the bank',
    advice: 'Your bank never asks for your PIN or passwords, and never asks you to move money to a "safe account".',
  },
  vouchers: {
    pretending: 'callers asking to be paid in gift cards or vouchers',
    advice: 'No real company, tax office or police force asks to be paid in gift cards or vouchers.',
  },
  'tech-support': {
    pretending: 'callers pretending to fix a computer or the internet connection',
    advice: 'Real internet and computer companies never ring out of the blue to get onto your computer.',
  },
  unknown: {
    pretending: 'callers ringing many homes one after another',
    advice:
      'If a caller you do not know asks for money, bank details or a PIN, hang up. Call back on a number you trust.',
  },
} as const satisfies Record<CampaignScript, { pretending: string; advice: string }>;

/** One scam campaign, as a warning to the carers of one resident in a district it touches describes it. */
export interface CampaignWarningFacts {
  campaignId: number;
  district: string;
  script: CampaignScript;
  /** The campaign's latest call so far (decides "today" or "tonight"). */
  lastCall: Date;
  /** Numbers the callers used (E.164), at most a few are named. */
  numbers: readonly string[];
  resident: { id: number; name: string; number: string; timeZone: string };
}

export interface CampaignWarningTargets {
  dashboardUrl: string;
  webhookUrls: readonly string[];
  emails: readonly string[];
}

/**
 * The plain words of a campaign warning, the same in the email, the webhook and the dashboard's banner.
 *
 * @example
 * campaignWarningWords({ district: 'SG23', script: 'police-impersonation', lastCall, ... }).headline;
 * // 'Scam calls are being made to homes in SG23 tonight: callers pretending to be police officers.'
 */
export function campaignWarningWords(
  facts: Omit<CampaignWarningFacts, 'resident' | 'campaignId'> & { timeZone: string },
): {
  headline: string;
  advice: string;
} {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: facts.timeZone }).format(
      facts.lastCall,
    ),
  );
  const when = hour >= 18 || hour < 5 ? 'tonight' : 'today';
  const words = scriptWords[facts.script];
  return {
    headline: `Scam calls are being made to homes in ${facts.district} ${when}: ${words.pretending}.`,
    advice: `${words.advice} CallWarden is blocking the numbers it has seen, but callers can change number: if in doubt, hang up.`,
  };
}

/**
 * The outbox entries warning one resident's carers about a campaign; keys make each unique per campaign, resident,
 * channel and recipient, so a warning queued again after a restart is the same one.
 */
export function campaignWarningNotifications(
  facts: CampaignWarningFacts,
  targets: CampaignWarningTargets,
): NewNotification[] {
  const { headline, advice } = campaignWarningWords({ ...facts, timeZone: facts.resident.timeZone });
  const name = facts.resident.name;
  const link = `${targets.dashboardUrl.replace(/\/+$/, '')}/#/calls`;
  const base = { callId: null, residentId: facts.resident.id };
  const key = `campaign:${facts.campaignId}:resident:${facts.resident.id}`;
  const items: NewNotification[] = [];
  const body = {
    event: 'campaign.warning',
    campaignId: facts.campaignId,
    district: facts.district,
    resident: { id: facts.resident.id, name, number: facts.resident.number },
    script: facts.script,
    headline,
    advice,
    numbers: facts.numbers.slice(0, 5),
    lastCall: facts.lastCall.toISOString(),
    link,
  };
  for (const url of new Set(targets.webhookUrls)) {
    const payload: SignedPostPayload = { url, body };
    items.push({ ...base, key: `${key}:webhook:${url}`, channel: 'webhook', payload });
  }
  const numbers = facts.numbers.slice(0, 5);
  const text = [
    headline,
    '',
    advice,
    '',
    `${name} lives in ${facts.district}. You may want to ring ${name} to tell them.`,
    ...(numbers.length > 0 ? ['', 'Numbers the callers have used so far:', ...numbers.map((n) => `- ${n}`)] : []),
    '',
    `See ${name}'s calls in the dashboard: ${link}`,
  ].join('\n');
  for (const to of new Set(targets.emails)) {
    const payload: EmailPayload = {
      to,
      subject: `CallWarden: scam calls in ${facts.district} — warn ${name}`,
      text: `${text}\n`,
    };
    items.push({ ...base, key: `${key}:email:${to}`, channel: 'email', payload });
  }
  return items;
}
