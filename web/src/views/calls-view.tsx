/**
 * The carer's (and resident's) page: a banner when scam calls are being made in the person's area; calls the live
 * guard stepped in on, with what was detected and why; recent calls with what CallWarden did and why, in plain words;
 * warnings; voicemail messages to play; trusted contacts and blocked numbers to add and remove; and "report this
 * call" in two clicks. Shows only what the API
 * returns for the token, so a carer sees only the people they look after.
 */
import { useEffect, useId, useState } from 'react';
import { z } from 'zod';
import { residentSchema } from '../../../src/http/schemas.js';
import { Problem } from '../components/status.js';
import { useLoad } from '../components/use-load.js';
import type { Session } from '../pages.js';
import { BlocksSection } from './blocks-section.js';
import { CallsSection } from './calls-section.js';
import { CampaignBanner } from './campaign-banner.js';
import { ContactsSection } from './contacts-section.js';
import { GuardAlertsSection } from './guard-alerts-section.js';
import { VoicemailSection } from './voicemail-section.js';

export function CallsView({ session }: { session: Session }) {
  const residents = useLoad(() => session.api.get('/api/residents?limit=1000', z.array(residentSchema)), [session]);
  const [chosen, setChosen] = useState<number | null>(null);
  const pickerId = useId();

  const list = residents.state === 'ready' ? residents.value : [];
  const resident = list.find((r) => r.id === chosen) ?? list[0] ?? null;
  useEffect(() => {
    if (resident && chosen === null) setChosen(resident.id);
  }, [resident, chosen]);

  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {resident && list.length === 1 ? `${resident.name}'s calls` : 'Calls and contacts'}
      </h1>
      {residents.state === 'loading' && <p>Loading…</p>}
      {residents.state === 'failed' && <Problem>{residents.problem}</Problem>}
      {residents.state === 'ready' && list.length === 0 && (
        <p>No one is linked to your access code yet. Ask the person who gave you the code to add them.</p>
      )}
      {list.length > 1 && (
        <div className="field picker">
          <label htmlFor={pickerId}>Whose phone</label>
          <select id={pickerId} value={resident?.id ?? ''} onChange={(event) => setChosen(Number(event.target.value))}>
            {list.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {resident && <ResidentPanels key={resident.id} session={session} residentId={resident.id} name={resident.name} />}
    </>
  );
}

function ResidentPanels(props: { session: Session; residentId: number; name: string }) {
  // Contacts are shared: the call list names callers who are trusted contacts.
  const [contactsVersion, setContactsVersion] = useState(0);
  return (
    <>
      <CampaignBanner {...props} />
      <GuardAlertsSection {...props} />
      <CallsSection {...props} contactsVersion={contactsVersion} />
      <VoicemailSection {...props} />
      <ContactsSection {...props} onChange={() => setContactsVersion((n) => n + 1)} />
      <BlocksSection {...props} />
    </>
  );
}
