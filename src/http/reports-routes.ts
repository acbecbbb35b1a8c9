/**
 * Scam reports (filing, export for police and analysts, review) and number intelligence.
 */
import { z } from 'zod';
import { invalid } from '../app/operation-error.js';
import { reportsToCsv, toExportRows } from '../app/report-export.js';
import type { ReporterKind } from '../reputation/reputation.js';
import type { ReportQuery } from '../store/store.js';
import { bearer, errorResponses, type RouteDeps, type ZodApp } from './api-scope.js';
import { authorize, principalOf, readableResidents } from './auth.js';
import { HttpError } from './error-mapping.js';
import {
  numberParams,
  numberReportSchema,
  reportCreateBody,
  reportIdParams,
  reportSchema,
  reportStatusBody,
  reportsQuery,
} from './schemas.js';
import { reportView } from './views.js';

const tags = ['reports'];

export function reportsRoutes(app: ZodApp, { ops, store }: RouteDeps): void {
  app.post(
    '/reports',
    {
      schema: {
        tags,
        summary: 'Report a number as a scam or suspicious caller',
        description:
          'When `callId` is given and `residentId` is not, the report is filed for the resident the call was to.',
        security: bearer,
        body: reportCreateBody,
        response: { 201: reportSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const token = principalOf(request);
      const body = request.body;
      const callId = body.callId ?? null;
      const call = callId === null ? null : await store.getCall(callId);
      if (callId !== null && call === null) throw invalid(`callId: there is no call with id ${callId}`, 'callId');
      const residentId = body.residentId ?? call?.residentId ?? null;
      authorize(token, 'care-resident', residentId);
      if (call && call.residentId !== residentId) {
        throw invalid(`callId: call ${callId} was not to resident ${residentId}`, 'callId');
      }
      const resident = residentId === null ? null : await ops.residentById(residentId);
      // Each reporter counts once towards a number's reputation: a carer is one reporter whatever they file, and an
      // admin filing for a resident speaks for that resident (as the CLI does).
      const [reporter, reporterKind]: [string, ReporterKind] =
        token.role === 'carer'
          ? [`token:${token.id}`, 'carer']
          : resident
            ? [`resident:${resident.id}`, 'verified-resident']
            : [`token:${token.id}`, 'anonymous'];
      const report = await ops.addReport({
        number: body.number,
        resident,
        type: body.type,
        lossPounds: body.lossPounds,
        text: body.text,
        callId,
        reporter,
        reporterKind,
      });
      return reply.code(201).send(reportView(report));
    },
  );

  app.get(
    '/reports',
    {
      schema: {
        tags,
        summary: 'Reports as JSON, or as CSV (format=csv) in the fields a police fraud report needs',
        description: 'format=csv answers text/csv with a header row and one row per report.',
        security: bearer,
        querystring: reportsQuery,
        response: {
          200: {
            description: 'The reports',
            content: {
              'application/json': { schema: z.array(reportSchema) },
              'text/csv': { schema: z.string().describe('CSV with a header row, one row per report') },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { format, since, until, area, type } = request.query;
      const query: ReportQuery = {
        ...(since ? { since } : {}),
        ...(until ? { until } : {}),
        ...(area ? { area } : {}),
        ...(type ? { type } : {}),
      };
      const readable = readableResidents(principalOf(request));
      const reports = (await store.listReports(query)).filter(
        (report) => readable === 'all' || (report.residentId !== null && readable.includes(report.residentId)),
      );
      if (format === 'csv') {
        const csv = reportsToCsv(await toExportRows(store, reports));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="callwarden-reports.csv"')
          .send(csv);
      }
      return reports.map(reportView);
    },
  );

  app.post(
    '/reports/:id/status',
    {
      schema: {
        tags,
        summary: 'Confirm or reject a report (analyst review); confirmed reports weigh more, rejected ones nothing',
        security: bearer,
        params: reportIdParams,
        body: reportStatusBody,
        response: { 200: reportSchema, ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'review-reports');
      const report = await store.setReportStatus(request.params.id, request.body.status);
      if (!report) throw new HttpError('not-found', `there is no report with id ${request.params.id}`);
      return reportView(report);
    },
  );

  app.get(
    '/numbers/:number',
    {
      schema: {
        tags: ['numbers'],
        summary: 'Everything known about a number (reputation, reports, block and DNO status) and why',
        security: bearer,
        params: numberParams,
        response: { 200: numberReportSchema, ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'read-global');
      return ops.showNumber(request.params.number);
    },
  );
}
