/** Administrators' page: the protected residents (list and add), access codes (make, list, withdraw), the DNO list. */
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { z } from 'zod';
import { dnoEntrySchema, dnoImportResultSchema, residentSchema } from '../../../src/http/schemas.js';
import { messageOf } from '../api/client.js';
import { type Outcome, OutcomeMessage, Problem } from '../components/status.js';
import { TextField } from '../components/text-field.js';
import { useLoad } from '../components/use-load.js';
import type { Session } from '../pages.js';
import { readableDate, readableNumber } from '../words.js';
import { TokensSection } from './tokens-section.js';

export function AdminView({ session }: { session: Session }) {
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        Administration
      </h1>
      <ResidentsSection session={session} />
      <TokensSection session={session} />
      <DnoSection session={session} />
    </>
  );
}

function ResidentsSection({ session }: { session: Session }) {
  const residents = useLoad(() => session.api.get('/api/residents?limit=1000', z.array(residentSchema)), [session]);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [name, setName] = useState('');
  const [number, setNumber] = useState('');
  const [postcode, setPostcode] = useState('');

  async function add(event: FormEvent) {
    event.preventDefault();
    try {
      const added = await session.api.send(
        'POST',
        '/api/residents',
        { name, number, ...(postcode.trim() ? { postcode } : {}) },
        residentSchema,
      );
      setOutcome({ kind: 'notice', text: `${added.name} (${readableNumber(added.number)}) is now protected.` });
      setName('');
      setNumber('');
      setPostcode('');
      residents.reload();
    } catch (error) {
      setOutcome({ kind: 'problem', text: messageOf(error) });
    }
  }

  return (
    <section className="panel" aria-labelledby="residents-title">
      <h2 id="residents-title">Residents</h2>
      <OutcomeMessage outcome={outcome} />
      {residents.state === 'failed' && <Problem>{residents.problem}</Problem>}
      {residents.state === 'ready' && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Protected residents</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Name</th>
                <th scope="col">Number</th>
                <th scope="col">Area</th>
                <th scope="col">Phone (SIP)</th>
                <th scope="col">Added</th>
              </tr>
            </thead>
            <tbody>
              {residents.value.map((resident) => (
                <tr key={resident.id}>
                  <td>{resident.id}</td>
                  <td>{resident.name}</td>
                  <td>{readableNumber(resident.number)}</td>
                  <td>{resident.postcode ?? '—'}</td>
                  <td>{resident.phoneUri ?? '—'}</td>
                  <td>{readableDate(resident.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="add-form" onSubmit={add} noValidate aria-labelledby="add-resident-title">
        <h3 id="add-resident-title">Add a resident</h3>
        <TextField label="Name" value={name} onChange={setName} />
        <TextField label="Phone number to protect" type="tel" value={number} onChange={setNumber} />
        <TextField
          label="Postcode (optional)"
          hint="Only the district is kept, e.g. CM23"
          value={postcode}
          onChange={setPostcode}
        />
        <button type="submit">Add resident</button>
      </form>
    </section>
  );
}

const dnoPage = 100;

function DnoSection({ session }: { session: Session }) {
  const [offset, setOffset] = useState(0);
  const entries = useLoad(
    () => session.api.get(`/api/dno?limit=${dnoPage}&offset=${offset}`, z.array(dnoEntrySchema)),
    [session, offset],
  );
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [rejected, setRejected] = useState<z.infer<typeof dnoImportResultSchema>['rejected']>([]);

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setOutcome({ kind: 'problem', text: 'Choose a CSV file first.' });
      return;
    }
    try {
      const answer = await session.api.text('POST', '/api/dno/import', {
        body: await file.text(),
        contentType: 'text/csv',
      });
      const result = dnoImportResultSchema.parse(JSON.parse(answer));
      setRejected(result.rejected);
      setOutcome({
        kind: 'notice',
        text: `Imported ${result.imported} new, updated ${result.updated}, skipped ${result.rejected.length} line${result.rejected.length === 1 ? '' : 's'}.`,
      });
      entries.reload();
    } catch (error) {
      setRejected([]);
      setOutcome({ kind: 'problem', text: messageOf(error) });
    }
  }

  return (
    <section className="panel" aria-labelledby="dno-title">
      <h2 id="dno-title">Do-Not-Originate list</h2>
      <p>Incoming-only numbers (banks, government) that never make calls: a call showing one is blocked.</p>
      <form className="inline-form" onSubmit={upload}>
        <div className="field">
          <label htmlFor="dno-file">CSV file to import</label>
          <p className="hint" id="dno-file-hint">
            A header row with a <span className="code">number</span> column, and optionally{' '}
            <span className="code">owner</span>.
          </p>
          <input
            id="dno-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="dno-file-hint"
            onChange={(event: ChangeEvent<HTMLInputElement>) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
        <button type="submit">Import</button>
      </form>
      <OutcomeMessage outcome={outcome} />
      {rejected.length > 0 && (
        <ul className="rejected">
          {rejected.map((line) => (
            <li key={line.line}>
              Line {line.line}: {line.error}
            </li>
          ))}
        </ul>
      )}
      {entries.state === 'failed' && <Problem>{entries.problem}</Problem>}
      {entries.state === 'ready' &&
        (entries.value.length === 0 && offset === 0 ? (
          <p>The list is empty.</p>
        ) : (
          <>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Do-Not-Originate numbers</caption>
                <thead>
                  <tr>
                    <th scope="col">Number</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Imported</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.value.map((entry) => (
                    <tr key={entry.number}>
                      <td>{readableNumber(entry.number)}</td>
                      <td>{entry.owner ?? '—'}</td>
                      <td>{readableDate(entry.importedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="actions">
              <button
                type="button"
                className="secondary"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - dnoPage))}
              >
                Previous {dnoPage}
              </button>
              <button
                type="button"
                className="secondary"
                disabled={entries.value.length < dnoPage}
                onClick={() => setOffset(offset + dnoPage)}
              >
                Next {dnoPage}
              </button>
            </div>
          </>
        ))}
    </section>
  );
}
