/**
 * Calls the live call guard flagged for one person (`GET /api/guard/evidence?residentId=`): what was detected, in
 * plain words; why (the reasons); the few things the caller said that are kept as evidence; what CallWarden did; and
 * when that evidence is deleted. The alert emails link here (`#/calls/<callId>`): that call is shown first and focused.
 */
import { useEffect } from 'react';
import { z } from 'zod';
import { type EvidenceView, evidenceSchema } from '../../../src/http/care-schemas.js';
import { pathPart } from '../api/client.js';
import { Problem } from '../components/status.js';
import { useLoad } from '../components/use-load.js';
import type { Session } from '../pages.js';
import { guardLevelWords, readableDate, readableNumber, readableTime, stageWords } from '../words.js';

/** The call named by `#/calls/<callId>`, if any. */
function linkedCall(): string | null {
  const match = /^#\/calls\/(.+)$/.exec(window.location.hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

export function GuardAlertsSection(props: { session: Session; residentId: number; name: string }) {
  const { session, residentId, name } = props;
  const evidence = useLoad(
    () => session.api.get(`/api/guard/evidence?residentId=${pathPart(residentId)}`, z.array(evidenceSchema)),
    [session, residentId],
  );
  const linked = linkedCall();

  useEffect(() => {
    if (evidence.state !== 'ready' || linked === null) return;
    const index = evidence.value.findIndex((e) => e.callId === linked);
    if (index >= 0) document.getElementById(`evidence-${index}`)?.focus();
  }, [evidence, linked]);

  if (evidence.state === 'loading') return null;
  if (evidence.state === 'failed') return <Problem>{evidence.problem}</Problem>;
  if (evidence.value.length === 0) return null;
  return (
    <section aria-labelledby="guard-title" className="panel">
      <h2 id="guard-title">Calls where CallWarden stepped in</h2>
      <p>
        CallWarden listened to these calls to {name} because it was asked to, and found signs of a scam. Only what is
        shown here is kept, and only for a while: it is then deleted automatically.
      </p>
      <ol className="calls">
        {evidence.value.map((item, index) => (
          <EvidenceItem key={item.callId} item={item} index={index} />
        ))}
      </ol>
    </section>
  );
}

function EvidenceItem({ item, index }: { item: EvidenceView; index: number }) {
  const level = guardLevelWords[item.level];
  const caller = item.caller || item.number ? readableNumber(item.number, item.caller) : 'Number withheld';
  const titleId = `evidence-${index}`;
  return (
    <li className={`call tone-${level.tone}`}>
      <div className="call-head">
        <h3 id={titleId} className="call-who" tabIndex={-1}>
          Call from {caller}
        </h3>
        <span className={`badge tone-${level.tone}`}>{level.label}</span>
      </div>
      <p className="call-when">{readableTime(item.flaggedAt)}</p>
      <h4>What CallWarden noticed</h4>
      <ul>
        {item.stages.map((stage) => (
          <li key={stage}>{stageWords[stage]}</li>
        ))}
      </ul>
      {item.reasons.length > 0 && (
        <>
          <h4>Why</h4>
          <ul>
            {[...new Set(item.reasons.map((r) => r.text))].map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </>
      )}
      {item.turns.length > 0 && (
        <>
          <h4>What the caller said (kept as evidence)</h4>
          {item.turns.map((turn) => (
            <blockquote key={turn.turn} className="evidence-turn">
              <span className="speaker">{turn.speaker === 'caller' ? 'Caller' : 'Answer'}:</span> “{turn.text}”
            </blockquote>
          ))}
        </>
      )}
      {item.done.length > 0 && (
        <>
          <h4>What CallWarden did</h4>
          <ul>
            {item.done.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ul>
        </>
      )}
      <p className="retention">
        This record is deleted automatically on {readableDate(item.expiresAt)}. Nothing else of the call was kept.
      </p>
    </li>
  );
}
