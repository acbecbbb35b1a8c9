/**
 * Access codes (API tokens) for administrators: make one (its secret is shown once, with a Copy button), see who has
 * one and when it was last used, and withdraw one after confirming — it stops working at once.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { z } from 'zod';
import { type TokenView, tokenCreatedSchema, tokenSchema } from '../../../src/http/care-schemas.js';
import { residentSchema } from '../../../src/http/schemas.js';
import { messageOf, pathPart } from '../api/client.js';
import { roles } from '../api/role.js';
import { type Outcome, OutcomeMessage, Problem } from '../components/status.js';
import { TextField } from '../components/text-field.js';
import { useLoad } from '../components/use-load.js';
import type { Session } from '../pages.js';
import { readableDate, readableTime, roleWords } from '../words.js';

type Role = TokenView['role'];

export function TokensSection({ session }: { session: Session }) {
  const data = useLoad(async () => {
    const [tokens, residents] = await Promise.all([
      session.api.get('/api/tokens', z.array(tokenSchema)),
      session.api.get('/api/residents?limit=1000', z.array(residentSchema)),
    ]);
    return { tokens, residents };
  }, [session]);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [confirming, setConfirming] = useState<TokenView | null>(null);

  const residentName = (id: number) =>
    data.state === 'ready' ? (data.value.residents.find((r) => r.id === id)?.name ?? `resident ${id}`) : String(id);

  async function revoke(token: TokenView) {
    try {
      await session.api.send('DELETE', `/api/tokens/${pathPart(token.id)}`, undefined);
      setOutcome({ kind: 'notice', text: `The access code for ${token.name} is withdrawn. It no longer works.` });
      data.reload();
    } catch (error) {
      setOutcome({ kind: 'problem', text: messageOf(error) });
    } finally {
      setConfirming(null);
    }
  }

  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Access codes</h2>
      <p>
        Each person signs in with their own access code. A family member or carer sees only the people chosen for them.
        Withdraw a code when it is no longer needed: it stops working at once.
      </p>
      <OutcomeMessage outcome={outcome} />
      {data.state === 'failed' && <Problem>{data.problem}</Problem>}
      {data.state === 'ready' && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Access codes</caption>
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col">Can see</th>
                <th scope="col">Made</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.value.tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>
                    {token.role === 'carer'
                      ? `Family or carer of ${token.residentIds.map(residentName).join(', ')}`
                      : roleWords[token.role]}
                  </td>
                  <td>{readableDate(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? readableTime(token.lastUsedAt) : 'Never'}</td>
                  <td>{token.revokedAt ? `Withdrawn ${readableDate(token.revokedAt)}` : 'Works'}</td>
                  <td>
                    {!token.revokedAt && (
                      <button
                        id={`withdraw-${token.id}`}
                        type="button"
                        className="danger"
                        onClick={() => setConfirming(token)}
                      >
                        Withdraw<span className="visually-hidden"> the access code for {token.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirming && (
        <ConfirmRevoke
          token={confirming}
          onConfirm={() => void revoke(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
      {created && <NewSecret name={created.name} secret={created.secret} onDone={() => setCreated(null)} />}
      {data.state === 'ready' && (
        <CreateTokenForm
          session={session}
          residents={data.value.residents}
          onCreated={(name, secret) => {
            setOutcome(null);
            setCreated({ name, secret });
            data.reload();
          }}
        />
      )}
    </section>
  );
}

function ConfirmRevoke(props: { token: TokenView; onConfirm: () => void; onCancel: () => void }) {
  const yesRef = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  useEffect(() => yesRef.current?.focus(), []);
  return (
    <div className="report-box">
      <p id={questionId}>
        Withdraw the access code for <strong>{props.token.name}</strong>? Anyone using it is signed out at once, and it
        cannot be turned back on.
      </p>
      <div className="actions">
        <button ref={yesRef} type="button" className="danger" aria-describedby={questionId} onClick={props.onConfirm}>
          Yes, withdraw it
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function NewSecret(props: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const codeId = useId();
  useEffect(() => headingRef.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied('Copied. Paste it somewhere safe or send it to the person.');
    } catch {
      // No clipboard (an insecure page, or permission refused): select the code so Ctrl+C copies it.
      const range = document.createRange();
      const node = document.getElementById(codeId);
      if (node) {
        range.selectNodeContents(node);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
      setCopied('The code is selected: press Ctrl+C (or ⌘+C) to copy it.');
    }
  }

  return (
    <section className="new-secret" aria-labelledby="new-secret-title">
      <h3 id="new-secret-title" ref={headingRef} tabIndex={-1}>
        Access code for {props.name}
      </h3>
      <p>Copy it now: it is shown only this once. If it is lost, make a new one.</p>
      <p className="secret">
        <code id={codeId}>{props.secret}</code>
      </p>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy the access code
        </button>
        <button type="button" className="secondary" onClick={props.onDone}>
          I have kept it safe
        </button>
      </div>
      <div role="status">{copied && <p className="notice">{copied}</p>}</div>
    </section>
  );
}

function CreateTokenForm(props: {
  session: Session;
  residents: z.infer<typeof residentSchema>[];
  onCreated: (name: string, secret: string) => void;
}) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('carer');
  const [chosen, setChosen] = useState<number[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const roleId = useId();

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setProblem('Write who the access code is for.');
      return;
    }
    if (role === 'carer' && chosen.length === 0) {
      setProblem('Choose at least one person this family member or carer looks after.');
      return;
    }
    try {
      const answer = await props.session.api.send(
        'POST',
        '/api/tokens',
        { name, role, ...(role === 'carer' ? { residentIds: chosen } : {}) },
        tokenCreatedSchema,
      );
      setProblem(null);
      setName('');
      setChosen([]);
      props.onCreated(answer.token.name, answer.secret);
    } catch (error) {
      setProblem(messageOf(error));
    }
  }

  return (
    <form className="add-form" onSubmit={create} noValidate aria-labelledby="add-token-title">
      <h3 id="add-token-title">Make an access code</h3>
      {problem && <Problem>{problem}</Problem>}
      <TextField
        label="Who it is for"
        hint="For example: Sarah (Margaret's daughter)"
        value={name}
        onChange={setName}
      />
      <div className="field">
        <label htmlFor={roleId}>What they may do</label>
        <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleWords[r]}
            </option>
          ))}
        </select>
      </div>
      {role === 'carer' && (
        <fieldset className="field choices">
          <legend>Whose calls they may see</legend>
          {props.residents.length === 0 && <p>Add a resident first.</p>}
          {props.residents.map((resident) => (
            <label key={resident.id} className="choice">
              <input
                type="checkbox"
                checked={chosen.includes(resident.id)}
                onChange={(event) =>
                  setChosen((current) =>
                    event.target.checked ? [...current, resident.id] : current.filter((id) => id !== resident.id),
                  )
                }
              />
              {resident.name}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit">Make access code</button>
    </form>
  );
}
