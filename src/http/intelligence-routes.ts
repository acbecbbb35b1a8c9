/**
 * Intelligence routes: scam campaigns and their review, analyst verdicts on numbers (confirm / clear), the audit log
 * of those changes, and the figures police and councils publish. Reading needs `read-global` (admin, analyst);
 * changing needs `review-numbers` (admin, analyst). Carers get 403: figures are about every resident, not theirs.
 */

import { z } from 'zod';
import type { Actor, Intelligence } from '../app/intelligence.js';
import { auditView, campaignView } from '../app/intelligence.js';
import type { ApiToken } from '../store/store.js';
import { bearer, errorResponses, type ZodApp } from './api-scope.js';
import { authorize, principalOf } from './auth.js';
import {
  auditEntrySchema,
  auditQuery,
  campaignIdParams,
  campaignSchema,
  campaignStatusBody,
  campaignsQuery,
  figuresQuery,
  figuresSchema,
  scanSchema,
  verdictBody,
  verdictSchema,
} from './intelligence-schemas.js';
import { numberParams } from './schemas.js';

const tags = ['intelligence'];

function actorOf(token: ApiToken): Actor {
  return { id: `token:${token.id}`, name: token.name };
}

export function intelligenceRoutes(app: ZodApp, intel: Intelligence): void {
  app.get(
    '/campaigns',
    {
      schema: {
        tags,
        summary: 'Scam campaigns found in the call log, newest first',
        security: bearer,
        querystring: campaignsQuery,
        response: { 200: z.array(campaignSchema), ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'read-global');
      const { status, since, until, limit } = request.query;
      const campaigns = await intel.listCampaigns({
        ...(status ? { statuses: [status] } : {}),
        ...(since ? { since } : {}),
        ...(until ? { until } : {}),
        limit,
      });
      return campaigns.map(campaignView);
    },
  );

  app.post(
    '/campaigns/scan',
    {
      schema: {
        tags,
        summary: 'Look for campaigns in the last 24 hours of calls now (as `callwarden campaigns scan`)',
        security: bearer,
        response: { 200: scanSchema, ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'review-numbers');
      const result = await intel.scan();
      return {
        detected: result.detected,
        created: result.created.map((c) => c.id),
        updated: result.updated.map((c) => c.id),
        ended: result.ended.map((c) => c.id),
        warnedResidents: result.warned.reduce((sum, w) => sum + w.residentIds.length, 0),
      };
    },
  );

  app.get(
    '/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'One campaign with its numbers and explanations',
        security: bearer,
        params: campaignIdParams,
        response: { 200: campaignSchema, ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'read-global');
      return campaignView(await intel.getCampaign(request.params.id));
    },
  );

  app.post(
    '/campaigns/:id/status',
    {
      schema: {
        tags,
        summary: 'Confirm a campaign (its numbers stay blocked) or dismiss it (its blocks are lifted); audited',
        security: bearer,
        params: campaignIdParams,
        body: campaignStatusBody,
        response: { 200: campaignSchema, ...errorResponses },
      },
    },
    async (request) => {
      const token = principalOf(request);
      authorize(token, 'review-numbers');
      const { status, reason } = request.body;
      return campaignView(await intel.reviewCampaign(request.params.id, status, reason ?? null, actorOf(token)));
    },
  );

  for (const action of ['confirm', 'clear'] as const) {
    app.post(
      `/numbers/:number/${action}`,
      {
        schema: {
          tags: ['numbers'],
          summary:
            action === 'confirm'
              ? 'Confirm a number as a scam: blocked for every resident, its open reports confirmed; audited'
              : 'Clear a number: off the global block list, its reports set aside, never blocked by campaigns; audited',
          security: bearer,
          params: numberParams,
          body: verdictBody,
          response: { 200: verdictSchema, ...errorResponses },
        },
      },
      async (request) => {
        const token = principalOf(request);
        authorize(token, 'review-numbers');
        const { number } = request.params;
        const { reason } = request.body;
        return action === 'confirm'
          ? intel.confirmNumber(number, reason, actorOf(token))
          : intel.clearNumber(number, reason, actorOf(token));
      },
    );
  }

  app.get(
    '/audit',
    {
      schema: {
        tags,
        summary: 'Who changed what about a number or campaign, with before and after, newest first',
        security: bearer,
        querystring: auditQuery,
        response: { 200: z.array(auditEntrySchema), ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'read-global');
      const { number, since, until, limit } = request.query;
      const entries = await intel.listAudit({
        ...(number ? { number: intel.fullNumber(number) } : {}),
        ...(since ? { since } : {}),
        ...(until ? { until } : {}),
        limit,
      });
      return entries.map(auditView);
    },
  );

  app.get(
    '/figures',
    {
      schema: {
        tags,
        summary: 'Reports and losses by type, month and area; top reported numbers; calls; campaigns',
        description: 'Rejected reports are left out. `since` is inclusive, `until` exclusive.',
        security: bearer,
        querystring: figuresQuery,
        response: { 200: figuresSchema, ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'read-global');
      const { since, until, area } = request.query;
      return intel.figures({ ...(since ? { since } : {}), ...(until ? { until } : {}), ...(area ? { area } : {}) });
    },
  );
}
