/**
 * An analyst's verdict on a number (`POST /api/numbers/:number/confirm|clear` with a reason, audited): confirm blocks
 * it for every resident, clear takes it off the shared block list and sets its reports aside. Used from the number
 * lookup and from a report's row.
 */
import { type FormEvent, useId, useState } from 'react';
import { verdictSchema } from '../../../src/http/intelligence-schemas.js';
import { messageOf, pathPart } from '../api/client.js';
import type { Session } from '../pages.js';
import { readableNumber } from '../words.js';
import { type Outcome, OutcomeMessage } from './status.js';

export function NumberVerdict(props: { session: Session; number: string; onDone?: () => void }) {
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const reasonId = useId();
  const hintId = useId();
  const shown = readableNumber(props.number);

  async function decide(action: 'confirm' | 'clear', event?: FormEvent) {
    event?.preventDefault();
    if (reason.trim().length === 0) {
      setOutcome({ kind: 'problem', text: 'Write why, for the audit log, before deciding.' });
      return;
    }
    setBusy(true);
    try {
      const result = await props.session.api.send(
        'POST',
        `/api/numbers/${pathPart(props.number)}/${action}`,
        { reason: reason.trim() },
        verdictSchema,
      );
      setOutcome({
        kind: 'notice',
        text:
          action === 'confirm'
            ? `${shown} is confirmed as a scam and blocked for every resident.`
            : `${shown} is cleared: ${result.after.blocked ? 'a resident’s own block stays' : 'it is not blocked'}, and campaigns will leave it alone.`,
      });
      setReason('');
      props.onDone?.();
    } catch (error) {
      setOutcome({ kind: 'problem', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="verdict-form"
      aria-label={`Decide on ${shown}`}
      onSubmit={(event) => void decide('confirm', event)}
    >
      <div className="field">
        <label htmlFor={reasonId}>Why (kept in the audit log)</label>
        <p id={hintId} className="hint">
          For example: courier fraud, four victims in CM23.
        </p>
        <input
          id={reasonId}
          type="text"
          value={reason}
          aria-describedby={hintId}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Confirm as a scam<span className="visually-hidden"> and block {shown}</span>
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void decide('clear')}>
          Clear<span className="visually-hidden"> {shown}</span>
        </button>
      </div>
      <OutcomeMessage outcome={outcome} />
    </form>
  );
}
