/**
 * Screening decisions (`POST /api/screen`) and the call log they are recorded in.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CallRecord } from '../store/store.js';
import { bearer, errorResponses, type RouteDeps, type ZodApp } from './api-scope.js';
import { authorize, isAllowed, principalOf, readableResidents } from './auth.js';
import { HttpError } from './error-mapping.js';
import { callIdParams, callSchema, callsQuery, decisionSchema, screenBody } from './schemas.js';
import { callView } from './views.js';

const tags = ['calls'];

export function callsRoutes(app: ZodApp, { ops, store }: RouteDeps): void {
  app.post(
    '/screen',
    {
      schema: {
        tags,
        summary: 'Decide one incoming call exactly as the service would, and record it in the call log',
        security: bearer,
        body: screenBody,
        response: { 200: decisionSchema, ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'screen');
      const { from, to, at, withheld, attestation } = request.body;
      const { decision, resident, callId, recordError } = await ops.screen({
        from,
        to,
        ...(at ? { at } : {}),
        withheld: withheld === true,
        attestation: attestation ?? null,
        callId: randomUUID(),
      });
      // Screening fails open: the decision stands even when the call log cannot be written (read-only database).
      if (recordError) request.log.warn({ err: recordError, callId }, 'the screened call could not be recorded');
      return {
        action: decision.action,
        risk: decision.risk,
        reasons: decision.reasons,
        resident: resident.id,
        callId: recordError ? null : callId,
      };
    },
  );

  app.get(
    '/calls',
    {
      schema: {
        tags,
        summary: 'Recent calls, newest first, with the decision and its reasons (a carer sees only their residents)',
        security: bearer,
        querystring: callsQuery,
        response: { 200: z.array(callSchema), ...errorResponses },
      },
    },
    async (request) => {
      const token = principalOf(request);
      const { residentId, since, until, limit } = request.query;
      const range = { ...(since ? { since } : {}), ...(until ? { until } : {}), limit };
      if (residentId !== undefined) {
        authorize(token, 'read-resident', residentId);
        return (await store.listCalls({ residentId, ...range })).map(callView);
      }
      const readable = readableResidents(token);
      if (readable === 'all') return (await store.listCalls(range)).map(callView);
      // A carer's view: each of their residents' calls, merged newest first.
      const lists = await Promise.all(readable.map((id) => store.listCalls({ residentId: id, ...range })));
      return lists.flat().sort(newestFirst).slice(0, limit).map(callView);
    },
  );

  app.get(
    '/calls/:callId',
    {
      schema: {
        tags,
        summary: 'One call with its decision and reasons',
        security: bearer,
        params: callIdParams,
        response: { 200: callSchema, ...errorResponses },
      },
    },
    async (request) => {
      const token = principalOf(request);
      const call = await store.getCall(request.params.callId);
      // A carer learns nothing about calls outside their residents, not even whether one exists.
      if (!call && !isAllowed(token, 'read-global')) {
        throw new HttpError('forbidden', `this ${token.role} token may only see calls to its own residents`);
      }
      if (!call) throw new HttpError('not-found', `there is no call with id ${request.params.callId}`);
      authorize(token, 'read-resident', call.residentId);
      return callView(call);
    },
  );
}

function newestFirst(a: CallRecord, b: CallRecord): number {
  return b.at.getTime() - a.at.getTime() || a.callId.localeCompare(b.callId);
}
