/** Warnings and the recent calls of one person, each with what CallWarden did, why, and a way to report it. */
import { useEffect, useId, useRef, useState } from 'react';
import { z } from 'zod';
import { type CallView, callSchema, contactSchema, reportSchema } from '../../../src/http/schemas.js';
import { messageOf, pathPart } from '../api/client.js';
import { Problem } from '../components/status.js';
import { useLoad } from '../components/use-load.js';
import type { Session } from '../pages.js';
import { actionWords, type ReportType, readableNumber, readableTime, reportTypeWords } from '../words.js';

const reportTypes = reportSchema.shape.type.options;
/** Calls this risky, or blocked, are shown as warnings. */
const warningRisk = 0.6;
const warningDays = 14;

export function CallsSection(props: { session: Session; residentId: number; name: string; contactsVersion: number }) {
  const { session, residentId, name } = props;
  const data = useLoad(async () => {
    const [calls, contacts, reports] = await Promise.all([
      session.api.get(`/api/calls?residentId=${pathPart(residentId)}&limit=50`, z.array(callSchema)),
      session.api.get(`/api/residents/${pathPart(residentId)}/contacts`, z.array(contactSchema)),
      session.api.get('/api/reports', z.array(reportSchema)),
    ]);
    const names = new Map(contacts.map((c) => [c.number, c.name]));
    const reported = new Set(reports.flatMap((r) => (r.callId ? [r.callId] : [])));
    return { calls, names, reported };
  }, [session, residentId, props.contactsVersion]);

  if (data.state === 'loading') return <p>Loading calls…</p>;
  if (data.state === 'failed') return <Problem>{data.problem}</Problem>;
  const { calls, names, reported } = data.value;
  const since = Date.now() - warningDays * 24 * 3600 * 1000;
  const warnings = calls
    .filter((c) => Date.parse(c.at) >= since && (c.action === 'block' || c.risk >= warningRisk))
    .slice(0, 3);
  const caller = (call: CallView) =>
    (call.number && names.get(call.number)) ?? readableNumber(call.number, call.presented);

  return (
    <>
      <section aria-labelledby="warnings-title" className="panel">
        <h2 id="warnings-title">Warnings</h2>
        {warnings.length === 0 ? (
          <p>No worrying calls in the last two weeks.</p>
        ) : (
          <ul className="warnings">
            {warnings.map((call) => (
              <li key={call.callId}>
                <strong>{readableTime(call.at)}</strong>: a call from {caller(call)} was{' '}
                {call.action === 'block' ? 'blocked' : 'stopped for checking'}. {call.reasons[0]?.text}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="calls-title" className="panel">
        <h2 id="calls-title">Recent calls to {name}</h2>
        {calls.length === 0 ? (
          <p>No calls yet.</p>
        ) : (
          <ol className="calls">
            {calls.map((call) => (
              <CallItem
                key={call.callId}
                session={session}
                call={call}
                caller={caller(call)}
                trusted={call.number !== null && names.has(call.number)}
                alreadyReported={reported.has(call.callId)}
              />
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function CallItem(props: {
  session: Session;
  call: CallView;
  caller: string;
  trusted: boolean;
  alreadyReported: boolean;
}) {
  const { call } = props;
  const words = actionWords[call.action];
  const [step, setStep] = useState<'idle' | 'asking' | 'sending' | 'done'>(props.alreadyReported ? 'done' : 'idle');
  const [type, setType] = useState<ReportType>('other');
  const [problem, setProblem] = useState<string | null>(null);
  const sendRef = useRef<HTMLButtonElement>(null);
  const reportRef = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  const typeId = useId();

  const cancelled = useRef(false);

  useEffect(() => {
    if (step === 'asking') sendRef.current?.focus();
    if (step === 'idle' && cancelled.current) {
      cancelled.current = false;
      reportRef.current?.focus();
    }
  }, [step]);

  async function send() {
    setStep('sending');
    setProblem(null);
    try {
      await props.session.api.send(
        'POST',
        '/api/reports',
        { number: call.number ?? call.presented, callId: call.callId, type },
        reportSchema,
      );
      setStep('done');
    } catch (error) {
      setProblem(messageOf(error));
      setStep('asking');
    }
  }

  const canReport = call.number !== null && !props.trusted;
  return (
    <li className={`call tone-${words.tone}`}>
      <div className="call-head">
        <span className="call-who">{props.caller}</span>
        <span className={`badge tone-${words.tone}`}>{words.label}</span>
      </div>
      <p className="call-when">{readableTime(call.at)}</p>
      <p className="call-why">
        <span className="visually-hidden">Why: </span>
        {call.reasons.map((r) => r.text).join(' ') || words.detail}
      </p>
      {canReport && step === 'idle' && (
        <button ref={reportRef} type="button" className="secondary" onClick={() => setStep('asking')}>
          Report this call<span className="visually-hidden"> from {props.caller}</span>
        </button>
      )}
      {(step === 'asking' || step === 'sending') && (
        <div className="report-box">
          <p id={questionId}>
            Report the call from <strong>{props.caller}</strong> as a scam? This warns others about this number.
          </p>
          {problem && <Problem>{problem}</Problem>}
          <div className="field">
            <label htmlFor={typeId}>What kind of call was it? (you can leave this)</label>
            <select id={typeId} value={type} onChange={(event) => setType(event.target.value as ReportType)}>
              {reportTypes.map((t) => (
                <option key={t} value={t}>
                  {reportTypeWords[t]}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button
              ref={sendRef}
              type="button"
              aria-describedby={questionId}
              disabled={step === 'sending'}
              onClick={() => void send()}
            >
              Send report
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                cancelled.current = true;
                setStep('idle');
                setProblem(null);
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {step === 'done' && (
        <p className="notice" role="status">
          Reported as a scam. Thank you, this helps protect others.
        </p>
      )}
    </li>
  );
}
