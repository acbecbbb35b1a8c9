/**
 * What a carer needs to see beside the call list: the evidence the live guard kept of flagged calls (what was
 * detected and why, the telling turns, what CallWarden did, and when the evidence is deleted), and the scam
 * campaigns going on in a resident's district. A carer sees only their own residents'; analysts and admins all.
 *
 * @example
 * GET /api/guard/evidence?residentId=1      → [{callId, stages, reasons, turns, done, expiresAt, ...}]
 * GET /api/guard/evidence/c-17              → {callId, ...}
 * GET /api/residents/1/campaign-alerts      → [{campaignId, district, headline, advice, ...}]
 */
import { z } from 'zod';
import type { Intelligence } from '../app/intelligence.js';
import { isStage, type Stage } from '../detection/stages.js';
import type { Resident } from '../residents/resident.js';
import type { GuardEvidence, Store } from '../store/store.js';
import { bearer, errorResponses, type ZodApp } from './api-scope.js';
import { authorize, isAllowed, principalOf, readableResidents } from './auth.js';
import {
  type CampaignAlertView,
  campaignAlertSchema,
  type EvidenceView,
  evidenceQuery,
  evidenceSchema,
} from './care-schemas.js';
import { HttpError } from './error-mapping.js';
import { callIdParams, residentIdParams } from './schemas.js';

const tags = ['care'];

export interface CareRouteDeps {
  store: Store;
  intelligence: Intelligence;
}

/** The evidence and campaign-alert routes. */
export function careRoutes(app: ZodApp, { store, intelligence }: CareRouteDeps): void {
  app.get(
    '/guard/evidence',
    {
      schema: {
        tags,
        summary: 'Calls the live guard flagged, newest first, with what was detected and why (a carer: own residents)',
        security: bearer,
        querystring: evidenceQuery,
        response: { 200: z.array(evidenceSchema), ...errorResponses },
      },
    },
    async (request) => {
      const token = principalOf(request);
      const { residentId, limit } = request.query;
      let residentIds: readonly number[] | undefined;
      if (residentId !== undefined) {
        authorize(token, 'read-resident', residentId);
        if (!(await store.getResident(residentId))) {
          throw new HttpError('not-found', `there is no resident with id ${residentId}`);
        }
        residentIds = [residentId];
      } else {
        const readable = readableResidents(token);
        residentIds = readable === 'all' ? undefined : readable;
      }
      const list = await store.listGuardEvidence({ ...(residentIds ? { residentIds } : {}), limit });
      return Promise.all(list.map((evidence) => evidenceView(store, evidence)));
    },
  );

  app.get(
    '/guard/evidence/:callId',
    {
      schema: {
        tags,
        summary: 'What the live guard kept of one flagged call (404 once it has expired)',
        security: bearer,
        params: callIdParams,
        response: { 200: evidenceSchema, ...errorResponses },
      },
    },
    async (request) => {
      const token = principalOf(request);
      const { callId } = request.params;
      const evidence = await store.getGuardEvidence(callId);
      const live = evidence && evidence.expiresAt.getTime() > Date.now() ? evidence : null;
      // As with the call log: a carer learns nothing about calls outside their residents, not even whether one exists.
      if (!live && !isAllowed(token, 'read-global')) {
        throw new HttpError('forbidden', `this ${token.role} token may only see calls to its own residents`);
      }
      if (!live) throw new HttpError('not-found', `there is no evidence for call ${callId} (none kept, or expired)`);
      authorize(token, 'read-resident', live.residentId);
      return evidenceView(store, live);
    },
  );

  app.get(
    '/residents/:id/campaign-alerts',
    {
      schema: {
        tags,
        summary: "Scam campaigns going on in the resident's postcode district, in plain words (a carer: own residents)",
        security: bearer,
        params: residentIdParams,
        response: { 200: z.array(campaignAlertSchema), ...errorResponses },
      },
    },
    async (request) => {
      const residentId = request.params.id;
      authorize(principalOf(request), 'read-resident', residentId);
      const resident = await store.getResident(residentId);
      if (!resident) throw new HttpError('not-found', `there is no resident with id ${residentId}`);
      const alerts = await intelligence.campaignAlertsFor(resident);
      return alerts.map(
        (alert): CampaignAlertView => ({
          ...alert,
          start: alert.start.toISOString(),
          lastCall: alert.lastCall.toISOString(),
        }),
      );
    },
  );
}

/** One flagged call as the dashboard shows it, with what CallWarden did worked out from what the store holds. */
async function evidenceView(store: Store, evidence: GuardEvidence): Promise<EvidenceView> {
  const resident = evidence.residentId === null ? null : await store.getResident(evidence.residentId);
  return {
    callId: evidence.callId,
    residentId: evidence.residentId,
    residentName: resident?.name ?? null,
    caller: evidence.presented,
    number: evidence.number,
    level: evidence.level === 'end' ? 'end' : evidence.level === 'warn' ? 'warn' : 'alert',
    risk: evidence.risk,
    stages: evidence.stages.filter(isStage),
    reasons: evidence.reasons.flatMap(({ turn, stage, text }) =>
      isStage(stage) ? [{ turn, stage: stage as Stage, text }] : [],
    ),
    turns: evidence.turns,
    done: await doneFor(store, evidence, resident),
    flaggedAt: evidence.flaggedAt.toISOString(),
    expiresAt: evidence.expiresAt.toISOString(),
  };
}

async function doneFor(store: Store, evidence: GuardEvidence, resident: Resident | null): Promise<string[]> {
  const who = resident?.name.split(' ')[0] ?? 'the resident';
  const done: string[] = [];
  if (resident?.settings.guard.warnResident) done.push(`Warned ${who} during the call (only ${who} heard it).`);
  if (evidence.level === 'end') done.push('Ended the call.');
  if (evidence.number !== null && resident) {
    const block = await store.findBlock(evidence.number, resident.id);
    if (block?.source === 'guard') done.push(`Blocked the caller's number for ${who}.`);
  }
  if (evidence.number !== null) {
    const reports = await store.reportsForNumber(evidence.number);
    if (reports.some((report) => report.callId === evidence.callId)) done.push('Filed a scam report.');
  }
  const sent = await store.listNotifications({ callId: evidence.callId, limit: 100 });
  const told = sent.filter((n) => n.channel === 'email' || n.channel === 'webhook').length;
  if (told > 0) done.push(`Told ${who}'s carers straight away (${told} message${told === 1 ? '' : 's'}).`);
  if (sent.some((n) => n.channel === 'bank')) done.push(`Warned ${who}'s bank that ${who} may be under pressure.`);
  return done;
}
