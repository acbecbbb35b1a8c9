/**
 * Analysts' figures: reports and money lost per week, worked out from `GET /api/reports`; the service's own figures
 * (`GET /api/figures`: calls by decision, reports by kind, most reported numbers) and scam campaigns
 * (`GET /api/campaigns`), each shown as "not available yet" on a service that does not have the route.
 */

import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { z } from 'zod';
import { type ReportView, reportSchema } from '../../../src/http/schemas.js';
import { messageOf, pathPart } from '../api/client.js';
import { campaignSchema, figuresSchema, getIfAvailable, scanSchema } from '../api/intelligence.js';
import { type Outcome, OutcomeMessage, Problem } from '../components/status.js';
import { useLoad } from '../components/use-load.js';
import type { Session } from '../pages.js';
import { campaignStatusWords, pounds, readableDate, readableNumber, reportTypeWords } from '../words.js';

const weeksShown = 12;
const dayMs = 24 * 3600 * 1000;

export interface WeekFigures {
  /** Monday of the week (UTC), `4 Aug 2026`. */
  week: string;
  reports: number;
  confirmed: number;
  lost: number;
}

/** Reports per week (Monday to Sunday, UTC) for the last `weeks` weeks up to `now`, oldest first. */
export function weeklyFigures(reports: readonly ReportView[], now = new Date(), weeks = weeksShown): WeekFigures[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const thisMonday = today - ((new Date(today).getUTCDay() + 6) % 7) * dayMs;
  const firstMonday = thisMonday - (weeks - 1) * 7 * dayMs;
  const rows = Array.from({ length: weeks }, (_, i) => ({
    week: readableDate(new Date(firstMonday + i * 7 * dayMs)),
    reports: 0,
    confirmed: 0,
    lost: 0,
  }));
  for (const report of reports) {
    const row = rows[Math.floor((Date.parse(report.createdAt) - firstMonday) / (7 * dayMs))];
    if (!row) continue;
    row.reports += 1;
    if (report.status === 'confirmed') row.confirmed += 1;
    row.lost += report.lossPounds;
  }
  return rows;
}

export function FiguresView({ session }: { session: Session }) {
  const reports = useLoad(() => session.api.get('/api/reports', z.array(reportSchema)), [session]);
  const service = useLoad(() => getIfAvailable(session.api, '/api/figures', figuresSchema), [session]);
  const campaigns = useLoad(
    () => getIfAvailable(session.api, '/api/campaigns?limit=20', z.array(campaignSchema)),
    [session],
  );
  const [campaignOutcome, setCampaignOutcome] = useState<Outcome>(null);

  async function scan() {
    try {
      const result = await session.api.send('POST', '/api/campaigns/scan', undefined, scanSchema);
      const found = result.created.length;
      setCampaignOutcome({
        kind: 'notice',
        text: `Looked at the last 24 hours of calls: ${found === 0 ? 'no new campaign' : found === 1 ? '1 new campaign' : `${found} new campaigns`}.`,
      });
      campaigns.reload();
    } catch (error) {
      setCampaignOutcome({ kind: 'problem', text: messageOf(error) });
    }
  }

  async function reviewCampaign(id: number, status: 'confirmed' | 'dismissed') {
    try {
      await session.api.send('POST', `/api/campaigns/${pathPart(id)}/status`, { status }, campaignSchema);
      setCampaignOutcome({
        kind: 'notice',
        text:
          status === 'confirmed'
            ? `Campaign ${id} confirmed: its numbers stay blocked for every resident.`
            : `Campaign ${id} dismissed: the blocks it added are lifted.`,
      });
      campaigns.reload();
    } catch (error) {
      setCampaignOutcome({ kind: 'problem', text: messageOf(error) });
    }
  }

  const rows = reports.state === 'ready' ? weeklyFigures(reports.value) : [];
  const totals = rows.reduce((sum, row) => ({ reports: sum.reports + row.reports, lost: sum.lost + row.lost }), {
    reports: 0,
    lost: 0,
  });

  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        Figures
      </h1>
      {reports.state === 'loading' && <p>Loading…</p>}
      {reports.state === 'failed' && <Problem>{reports.problem}</Problem>}
      {reports.state === 'ready' && (
        <>
          <p className="lead">
            Last {weeksShown} weeks: <strong>{totals.reports}</strong> report{totals.reports === 1 ? '' : 's'},{' '}
            <strong>{pounds(totals.lost)}</strong> reported lost. Worked out from the reports.
          </p>
          <section className="panel" aria-labelledby="count-chart-title">
            <h2 id="count-chart-title">Reports per week</h2>
            <figure className="chart" data-chart="reports">
              <ResponsiveContainer width="100%" height={320}>
                <BarChart data={rows} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#999" />
                  <XAxis dataKey="week" tick={{ fill: '#111', fontSize: 16 }} />
                  <YAxis allowDecimals={false} tick={{ fill: '#111', fontSize: 16 }} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="reports" name="All reports" fill="#0b4f8a" isAnimationActive={false} />
                  <Bar dataKey="confirmed" name="Confirmed scams" fill="#a4161a" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
              <figcaption className="visually-hidden">
                Reports per week; the same figures are in the table below.
              </figcaption>
            </figure>
          </section>
          <section className="panel" aria-labelledby="loss-chart-title">
            <h2 id="loss-chart-title">Money lost per week (£)</h2>
            <figure className="chart" data-chart="losses">
              <ResponsiveContainer width="100%" height={320}>
                <BarChart data={rows} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#999" />
                  <XAxis dataKey="week" tick={{ fill: '#111', fontSize: 16 }} />
                  <YAxis tick={{ fill: '#111', fontSize: 16 }} />
                  <Tooltip formatter={(value) => pounds(Number(value))} />
                  <Bar dataKey="lost" name="Reported lost (£)" fill="#5a3e85" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
              <figcaption className="visually-hidden">
                Money lost per week; the same figures are in the table below.
              </figcaption>
            </figure>
          </section>
          <section className="panel" aria-labelledby="figures-table-title">
            <h2 id="figures-table-title">The figures as a table</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Week from</th>
                    <th scope="col">Reports</th>
                    <th scope="col">Confirmed</th>
                    <th scope="col">Lost</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.week}>
                      <td>{row.week}</td>
                      <td>{row.reports}</td>
                      <td>{row.confirmed}</td>
                      <td>{pounds(row.lost)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      <section className="panel" aria-labelledby="service-figures-title">
        <h2 id="service-figures-title">Calls and reports, from the service's figures</h2>
        {service.state === 'failed' && <Problem>{service.problem}</Problem>}
        {service.state === 'ready' && service.value === null && (
          <NotAvailable route="GET /api/figures" what="published figures" />
        )}
        {service.state === 'ready' && service.value && <ServiceFigures figures={service.value} />}
      </section>
      <section className="panel" aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">Scam campaigns</h2>
        <p>
          One number, a range of numbers or one scam script reaching many residents in a short time. Confirm keeps its
          numbers blocked for everyone; dismiss lifts the blocks the campaign added.
        </p>
        <OutcomeMessage outcome={campaignOutcome} />
        {campaigns.state === 'ready' && campaigns.value !== null && (
          <button type="button" className="secondary" onClick={() => void scan()}>
            Look for campaigns now
          </button>
        )}
        {campaigns.state === 'failed' && <Problem>{campaigns.problem}</Problem>}
        {campaigns.state === 'ready' && campaigns.value === null && (
          <NotAvailable route="GET /api/campaigns" what="campaign detection" />
        )}
        {campaigns.state === 'ready' && campaigns.value?.length === 0 && <p>No campaigns found.</p>}
        {campaigns.state === 'ready' && campaigns.value && campaigns.value.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Scam campaigns, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">No.</th>
                  <th scope="col">Started</th>
                  <th scope="col">What</th>
                  <th scope="col">Calls</th>
                  <th scope="col">Residents reached</th>
                  <th scope="col">Areas</th>
                  <th scope="col">Status</th>
                  <th scope="col">Review</th>
                </tr>
              </thead>
              <tbody>
                {campaigns.value.map((campaign) => (
                  <tr key={campaign.id}>
                    <td>{campaign.id}</td>
                    <td>{readableDate(campaign.start)}</td>
                    <td>{campaign.reason}</td>
                    <td>{campaign.calls}</td>
                    <td>{campaign.residentsReached}</td>
                    <td>{campaign.districts.join(', ') || '—'}</td>
                    <td>{campaignStatusWords[campaign.status]}</td>
                    <td>
                      {campaign.status === 'active' || campaign.status === 'ended' ? (
                        <div className="actions">
                          <button type="button" onClick={() => void reviewCampaign(campaign.id, 'confirmed')}>
                            Confirm<span className="visually-hidden"> campaign {campaign.id}</span>
                          </button>
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => void reviewCampaign(campaign.id, 'dismissed')}
                          >
                            Dismiss<span className="visually-hidden"> campaign {campaign.id}</span>
                          </button>
                        </div>
                      ) : (
                        'Reviewed'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function NotAvailable(props: { route: string; what: string }) {
  return (
    <p className="not-available" data-state="not-available">
      Not available yet: this service does not offer {props.what} (<span className="code">{props.route}</span>). Nothing
      is shown rather than made-up figures.
    </p>
  );
}

function ServiceFigures({ figures }: { figures: z.infer<typeof figuresSchema> }) {
  const calls = [
    { decision: 'Rang through', calls: figures.calls.rung },
    { decision: 'Screened', calls: figures.calls.screened },
    { decision: 'Voicemail', calls: figures.calls.voicemail },
    { decision: 'Blocked', calls: figures.calls.blocked },
  ];
  return (
    <>
      <p>
        {figures.calls.total} call{figures.calls.total === 1 ? '' : 's'} screened; {figures.reports.reports} report
        {figures.reports.reports === 1 ? '' : 's'}, {pounds(figures.reports.lossPounds)} reported lost.
      </p>
      <figure className="chart" data-chart="calls">
        <ResponsiveContainer width="100%" height={280}>
          <BarChart data={calls} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#999" />
            <XAxis dataKey="decision" tick={{ fill: '#111', fontSize: 16 }} />
            <YAxis allowDecimals={false} tick={{ fill: '#111', fontSize: 16 }} />
            <Tooltip />
            <Bar dataKey="calls" name="Calls" fill="#1f6b2e" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <figcaption>Calls by what CallWarden did with them.</figcaption>
      </figure>
      {figures.reports.byType.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Reports by kind</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Reports</th>
                <th scope="col">Lost</th>
              </tr>
            </thead>
            <tbody>
              {figures.reports.byType.map((row) => (
                <tr key={row.type}>
                  <td>{reportTypeWords[row.type]}</td>
                  <td>{row.reports}</td>
                  <td>{pounds(row.lossPounds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {figures.topReportedNumbers.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Most reported numbers</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Reporters</th>
                <th scope="col">Reports</th>
                <th scope="col">Lost</th>
              </tr>
            </thead>
            <tbody>
              {figures.topReportedNumbers.map((row) => (
                <tr key={row.number}>
                  <td>{readableNumber(row.number)}</td>
                  <td>{row.distinctReporters}</td>
                  <td>{row.reports}</td>
                  <td>{pounds(row.lossPounds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
