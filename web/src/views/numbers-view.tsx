/** Number reputation lookup (`GET /api/numbers/:number`): validity, block and DNO status, reputation and reports. */
import { type FormEvent, useState } from 'react';
import { type NumberReportView, numberReportSchema } from '../../../src/http/schemas.js';
import { messageOf, pathPart } from '../api/client.js';
import { NumberVerdict } from '../components/number-verdict.js';
import { Problem } from '../components/status.js';
import { TextField } from '../components/text-field.js';
import type { Session } from '../pages.js';
import { pounds, readableDate, readableNumber, reportTypeWords } from '../words.js';

export function NumbersView({ session }: { session: Session }) {
  const [number, setNumber] = useState('');
  const [result, setResult] = useState<NumberReportView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function lookUp(event?: FormEvent) {
    event?.preventDefault();
    if (!number.trim()) {
      setProblem('Enter a phone number to look up.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      setResult(await session.api.get(`/api/numbers/${pathPart(number.trim())}`, numberReportSchema));
    } catch (error) {
      setResult(null);
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        Number lookup
      </h1>
      <section className="panel" aria-label="Look up a number">
        <form className="inline-form" onSubmit={lookUp} noValidate>
          <TextField
            label="Phone number"
            hint="Any written form: 020 7946 0003, +44 20 7946 0003…"
            type="tel"
            value={number}
            onChange={setNumber}
          />
          <button type="submit" disabled={busy}>
            Look up
          </button>
        </form>
        {problem && <Problem>{problem}</Problem>}
      </section>
      {result && <NumberResult result={result} />}
      {result?.valid && (
        <section className="panel" aria-labelledby="verdict-title">
          <h2 id="verdict-title">Your verdict on {readableNumber(result.number)}</h2>
          <p>
            Confirm blocks the number for every resident (trusted contacts still ring through). Clear takes it off the
            shared block list and sets its reports aside.
          </p>
          <NumberVerdict session={session} number={result.number} onDone={() => void lookUp()} />
        </section>
      )}
    </>
  );
}

function NumberResult({ result }: { result: NumberReportView }) {
  const { reputation } = result;
  return (
    <section className="panel" aria-labelledby="number-title">
      <h2 id="number-title">{readableNumber(result.number)}</h2>
      <dl className="facts">
        <dt>Verdict</dt>
        <dd className={`verdict verdict-${reputation.verdict}`}>
          {reputation.verdict} (score {reputation.score.toFixed(2)})
        </dd>
        <dt>Reporters</dt>
        <dd>
          {reputation.distinctReporters} distinct, {reputation.reports} report{reputation.reports === 1 ? '' : 's'}
        </dd>
        <dt>Number</dt>
        <dd>
          {result.valid ? 'valid' : 'not a valid number'}, {result.kind}
          {result.country ? `, ${result.country}` : ''} ({result.number})
        </dd>
        <dt>Blocked</dt>
        <dd>{result.blocked ? `yes: ${result.blocked.reason} (since ${readableDate(result.blocked.since)})` : 'no'}</dd>
        <dt>Do-Not-Originate list</dt>
        <dd>
          {result.doNotOriginate ? `yes${result.doNotOriginate.owner ? `, ${result.doNotOriginate.owner}` : ''}` : 'no'}
        </dd>
      </dl>
      {result.why.length > 0 && (
        <>
          <h3>Why</h3>
          <ul>
            {result.why.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      <h3>Reports</h3>
      {result.reports.length === 0 ? (
        <p>No reports of this number.</p>
      ) : (
        <ul>
          {result.reports.map((report) => (
            <li key={report.id}>
              {readableDate(report.at)}: {reportTypeWords[report.type]}, {report.status}
              {report.lossPounds > 0 ? `, ${pounds(report.lossPounds)} lost` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
