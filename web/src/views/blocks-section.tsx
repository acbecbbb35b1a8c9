/** Numbers blocked for one person: calls from them never ring. Add and remove. */
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { blockSchema } from '../../../src/http/schemas.js';
import { messageOf, pathPart } from '../api/client.js';
import { type Outcome, OutcomeMessage, Problem } from '../components/status.js';
import { TextField } from '../components/text-field.js';
import { useLoad } from '../components/use-load.js';
import type { Session } from '../pages.js';
import { readableNumber } from '../words.js';

export function BlocksSection(props: { session: Session; residentId: number; name: string }) {
  const { session, residentId, name } = props;
  const base = `/api/residents/${pathPart(residentId)}/blocks`;
  const blocks = useLoad(() => session.api.get(`${base}?limit=1000`, z.array(blockSchema)), [session, base]);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [number, setNumber] = useState('');
  const [reason, setReason] = useState('');

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!number.trim()) {
      setOutcome({ kind: 'problem', text: 'Enter the phone number to block.' });
      return;
    }
    try {
      const added = await session.api.send(
        'POST',
        base,
        { number, reason: reason.trim() || 'Blocked by family or carer' },
        blockSchema,
      );
      setOutcome({ kind: 'notice', text: `${readableNumber(added.number)} is now blocked.` });
      setNumber('');
      setReason('');
      blocks.reload();
    } catch (error) {
      setOutcome({ kind: 'problem', text: messageOf(error) });
    }
  }

  async function remove(blocked: z.infer<typeof blockSchema>) {
    try {
      await session.api.send('DELETE', `${base}/${pathPart(blocked.number)}`, undefined);
      setOutcome({ kind: 'notice', text: `${readableNumber(blocked.number)} is no longer blocked.` });
      blocks.reload();
    } catch (error) {
      setOutcome({ kind: 'problem', text: messageOf(error) });
    }
  }

  return (
    <section aria-labelledby="blocks-title" className="panel">
      <h2 id="blocks-title">Blocked numbers</h2>
      <p>Calls from these numbers never ring {name}'s phone.</p>
      <OutcomeMessage outcome={outcome} />
      {blocks.state === 'failed' && <Problem>{blocks.problem}</Problem>}
      {blocks.state === 'ready' &&
        (blocks.value.length === 0 ? (
          <p>No numbers blocked yet.</p>
        ) : (
          <ul className="people">
            {blocks.value.map((blocked) => (
              <li key={blocked.id}>
                <span className="person-name">{readableNumber(blocked.number)}</span>
                <span className="person-number">{blockReasonWords(blocked)}</span>
                <button type="button" className="danger" onClick={() => void remove(blocked)}>
                  Unblock<span className="visually-hidden"> {readableNumber(blocked.number)}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
      <form className="add-form" onSubmit={add} noValidate aria-labelledby="add-block-title">
        <h3 id="add-block-title">Block a number</h3>
        <TextField label="Phone number" value={number} onChange={setNumber} type="tel" />
        <TextField
          label="Why (optional)"
          hint="For example: said he was from the bank"
          value={reason}
          onChange={setReason}
        />
        <button type="submit">Block this number</button>
      </form>
    </section>
  );
}

/** Blocks CallWarden made itself carry technical reasons (stage names, campaign ids): say them in plain words. */
function blockReasonWords(block: { source: string; reason: string }): string {
  if (block.source === 'guard') return 'CallWarden ended a scam call from this number and blocked it.';
  if (block.source === 'campaign') return 'This number was calling many homes as part of a scam.';
  return block.reason;
}
