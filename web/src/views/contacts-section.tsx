/** Trusted contacts of one person: their calls always ring through. Add and remove. */
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { contactSchema } from '../../../src/http/schemas.js';
import { messageOf, pathPart } from '../api/client.js';
import { type Outcome, OutcomeMessage, Problem } from '../components/status.js';
import { TextField } from '../components/text-field.js';
import { useLoad } from '../components/use-load.js';
import type { Session } from '../pages.js';
import { readableNumber } from '../words.js';

export function ContactsSection(props: { session: Session; residentId: number; name: string; onChange: () => void }) {
  const { session, residentId, name } = props;
  const base = `/api/residents/${pathPart(residentId)}/contacts`;
  const contacts = useLoad(() => session.api.get(base, z.array(contactSchema)), [session, base]);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [newName, setNewName] = useState('');
  const [newNumber, setNewNumber] = useState('');

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!newName.trim() || !newNumber.trim()) {
      setOutcome({ kind: 'problem', text: 'Enter both a name and a phone number.' });
      return;
    }
    try {
      const added = await session.api.send('POST', base, { name: newName, number: newNumber }, contactSchema);
      setOutcome({ kind: 'notice', text: `${added.name} was added. Their calls will always ring through.` });
      setNewName('');
      setNewNumber('');
      contacts.reload();
      props.onChange();
    } catch (error) {
      setOutcome({ kind: 'problem', text: messageOf(error) });
    }
  }

  async function remove(contact: z.infer<typeof contactSchema>) {
    try {
      await session.api.send('DELETE', `${base}/${pathPart(contact.number)}`, undefined);
      setOutcome({ kind: 'notice', text: `${contact.name} was removed from the trusted contacts.` });
      contacts.reload();
      props.onChange();
    } catch (error) {
      setOutcome({ kind: 'problem', text: messageOf(error) });
    }
  }

  return (
    <section aria-labelledby="contacts-title" className="panel">
      <h2 id="contacts-title">Trusted contacts</h2>
      <p>Calls from these people always ring through to {name}.</p>
      <OutcomeMessage outcome={outcome} />
      {contacts.state === 'failed' && <Problem>{contacts.problem}</Problem>}
      {contacts.state === 'ready' &&
        (contacts.value.length === 0 ? (
          <p>No trusted contacts yet.</p>
        ) : (
          <ul className="people">
            {contacts.value.map((contact) => (
              <li key={contact.id}>
                <span className="person-name">{contact.name}</span>
                <span className="person-number">{readableNumber(contact.number)}</span>
                <button type="button" className="danger" onClick={() => void remove(contact)}>
                  Remove<span className="visually-hidden"> {contact.name} from trusted contacts</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
      <form className="add-form" onSubmit={add} noValidate aria-labelledby="add-contact-title">
        <h3 id="add-contact-title">Add a trusted contact</h3>
        <TextField label="Name" hint="For example: Daughter Sarah" value={newName} onChange={setNewName} />
        <TextField
          label="Phone number"
          hint="Write it as you would dial it, with the area code for a landline"
          value={newNumber}
          onChange={setNewNumber}
          type="tel"
        />
        <button type="submit">Add trusted contact</button>
      </form>
    </section>
  );
}
