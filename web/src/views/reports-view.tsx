/** Analysts' page: scam reports waiting for review (confirm or reject), those already reviewed, and the CSV export. */
import { type FormEvent, type ReactNode, useState } from 'react';
import { z } from 'zod';
import { type ReportView, reportSchema } from '../../../src/http/schemas.js';
import { messageOf, pathPart } from '../api/client.js';
import { NumberVerdict } from '../components/number-verdict.js';
import { type Outcome, OutcomeMessage, Problem } from '../components/status.js';
import { TextField } from '../components/text-field.js';
import { useLoad } from '../components/use-load.js';
import type { Session } from '../pages.js';
import { pounds, readableDate, readableNumber, reportStatusWords, reportTypeWords } from '../words.js';

const reportTypes = reportSchema.shape.type.options;

export function ReportsView({ session }: { session: Session }) {
  const reports = useLoad(() => session.api.get('/api/reports', z.array(reportSchema)), [session]);
  const [outcome, setOutcome] = useState<Outcome>(null);
  /** The report whose number the analyst is deciding on. */
  const [deciding, setDeciding] = useState<ReportView | null>(null);

  async function review(report: ReportView, status: 'confirmed' | 'rejected') {
    try {
      await session.api.send('POST', `/api/reports/${pathPart(report.id)}/status`, { status }, reportSchema);
      setOutcome({
        kind: 'notice',
        text: `Report ${report.id} (${readableNumber(report.number, report.presented)}) marked: ${reportStatusWords[status]}.`,
      });
      reports.reload();
    } catch (error) {
      setOutcome({ kind: 'problem', text: messageOf(error) });
    }
  }

  const all =
    reports.state === 'ready' ? [...reports.value].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) : [];
  const open = all.filter((r) => r.status === 'open');
  const reviewed = all.filter((r) => r.status !== 'open').slice(0, 20);

  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        Reports
      </h1>
      <section aria-labelledby="review-title" className="panel">
        <h2 id="review-title">Waiting for review ({open.length})</h2>
        <OutcomeMessage outcome={outcome} />
        {reports.state === 'loading' && <p>Loading…</p>}
        {reports.state === 'failed' && <Problem>{reports.problem}</Problem>}
        {reports.state === 'ready' && open.length === 0 && <p>Nothing waiting for review.</p>}
        {open.length > 0 && (
          <ReportTable
            caption="Reports waiting for review, newest first"
            reports={open}
            actions={(report) => (
              <div className="actions">
                <button type="button" onClick={() => void review(report, 'confirmed')}>
                  Confirm<span className="visually-hidden"> report {report.id} as a scam</span>
                </button>
                <button type="button" className="secondary" onClick={() => void review(report, 'rejected')}>
                  Reject<span className="visually-hidden"> report {report.id}</span>
                </button>
                <NumberButton report={report} onPick={setDeciding} />
              </div>
            )}
          />
        )}
      </section>
      {deciding?.number?.startsWith('+') && (
        <section className="panel" aria-labelledby="deciding-title">
          <h2 id="deciding-title" tabIndex={-1}>
            The number of report {deciding.id}: {readableNumber(deciding.number, deciding.presented)}
          </h2>
          <NumberVerdict key={deciding.id} session={session} number={deciding.number ?? ''} onDone={reports.reload} />
        </section>
      )}
      {reviewed.length > 0 && (
        <section aria-labelledby="reviewed-title" className="panel">
          <h2 id="reviewed-title">Recently reviewed</h2>
          <ReportTable
            caption="The last 20 reviewed reports"
            reports={reviewed}
            actions={(report) => <NumberButton report={report} onPick={setDeciding} />}
          />
        </section>
      )}
      <ExportSection session={session} />
    </>
  );
}

/** Opens the verdict form for the report's number (below the table) and moves focus to it. */
function NumberButton(props: { report: ReportView; onPick: (report: ReportView) => void }) {
  const { report } = props;
  if (!report.number?.startsWith('+')) return null;
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => {
        props.onPick(report);
        requestAnimationFrame(() => document.getElementById('deciding-title')?.focus());
      }}
    >
      Decide on the number<span className="visually-hidden"> of report {report.id}</span>
    </button>
  );
}

function ReportTable(props: { caption: string; reports: ReportView[]; actions?: (report: ReportView) => ReactNode }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">No.</th>
            <th scope="col">Date</th>
            <th scope="col">Caller</th>
            <th scope="col">Kind</th>
            <th scope="col">Lost</th>
            <th scope="col">What happened</th>
            <th scope="col">Status</th>
            {props.actions && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {props.reports.map((report) => (
            <tr key={report.id}>
              <td>{report.id}</td>
              <td>{readableDate(report.createdAt)}</td>
              <td>{readableNumber(report.number, report.presented)}</td>
              <td>{reportTypeWords[report.type]}</td>
              <td>{report.lossPounds > 0 ? pounds(report.lossPounds) : '—'}</td>
              <td>{report.text ?? '—'}</td>
              <td>{reportStatusWords[report.status]}</td>
              {props.actions && <td>{props.actions(report)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The police-ready CSV (`GET /api/reports?format=csv`), fetched with the token and saved as a file. */
function ExportSection({ session }: { session: Session }) {
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [type, setType] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function download(event: FormEvent) {
    event.preventDefault();
    const query = new URLSearchParams({ format: 'csv' });
    if (since) query.set('since', since);
    if (until) query.set('until', until);
    if (type) query.set('type', type);
    try {
      const csv = await session.api.text('GET', `/api/reports?${query}`);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      link.download = `callwarden-reports-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      const rows = Math.max(0, csv.trim().split('\n').length - 1);
      setOutcome({ kind: 'notice', text: `Downloaded ${rows} report${rows === 1 ? '' : 's'} as ${link.download}.` });
    } catch (error) {
      setOutcome({ kind: 'problem', text: messageOf(error) });
    }
  }

  return (
    <section aria-labelledby="export-title" className="panel">
      <h2 id="export-title">Export for the police</h2>
      <p>A CSV file with one row per report, in the fields a police fraud report needs.</p>
      <OutcomeMessage outcome={outcome} />
      <form className="inline-form" onSubmit={download}>
        <TextField label="From (optional)" type="date" value={since} onChange={setSince} />
        <TextField label="Until, not including (optional)" type="date" value={until} onChange={setUntil} />
        <div className="field">
          <label htmlFor="export-type">Kind (optional)</label>
          <select id="export-type" value={type} onChange={(event) => setType(event.target.value)}>
            <option value="">All kinds</option>
            {reportTypes.map((t) => (
              <option key={t} value={t}>
                {reportTypeWords[t]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Download CSV</button>
      </form>
    </section>
  );
}
