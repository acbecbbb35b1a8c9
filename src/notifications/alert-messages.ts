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
