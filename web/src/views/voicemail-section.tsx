/**
 * Voicemail messages left for one person: who called, when, how long, and a Play button. The audio is fetched with
 * the access code (the API needs the bearer header, which an `<audio src>` cannot send) and played from a `blob:`
 * address, released again when the section goes away.
 */
import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { type VoicemailView, voicemailSchema } from '../../../src/http/care-schemas.js';
import { messageOf, pathPart } from '../api/client.js';
import { Problem } from '../components/status.js';
import { useLoad } from '../components/use-load.js';
import type { Session } from '../pages.js';
import { readableDuration, readableNumber, readableTime } from '../words.js';

export function VoicemailSection(props: { session: Session; residentId: number; name: string }) {
  const { session, residentId, name } = props;
  const messages = useLoad(
    () => session.api.get(`/api/residents/${pathPart(residentId)}/voicemails`, z.array(voicemailSchema)),
    [session, residentId],
  );
  return (
    <section aria-labelledby="voicemail-title" className="panel">
      <h2 id="voicemail-title">Voicemail messages for {name}</h2>
      {messages.state === 'loading' && <p>Loading messages…</p>}
      {messages.state === 'failed' && <Problem>{messages.problem}</Problem>}
      {messages.state === 'ready' &&
        (messages.value.length === 0 ? (
          <p>No messages.</p>
        ) : (
          <ol className="voicemails">
            {messages.value.map((message) => (
              <VoicemailItem key={message.callId} session={session} message={message} />
            ))}
          </ol>
        ))}
    </section>
  );
}

function VoicemailItem({ session, message }: { session: Session; message: VoicemailView }) {
  const [source, setSource] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const audioRef = useRef<HTMLAudioElement>(null);
  const caller = readableNumber(message.number, message.caller);

  useEffect(
    () => () => {
      if (source) URL.revokeObjectURL(source);
    },
    [source],
  );

  async function play() {
    if (source) {
      void audioRef.current?.play();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const blob = await session.api.blob(message.audio);
      setSource(URL.createObjectURL(blob));
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="voicemail">
      <p className="call-who">{caller}</p>
      <p className="call-when">
        {readableTime(message.at)} · {readableDuration(message.durationMs)}
      </p>
      {problem && <Problem>{problem}</Problem>}
      {source ? (
        // biome-ignore lint/a11y/useMediaCaption: a voicemail has no captions; who called and when are written above
        <audio
          ref={audioRef}
          controls
          autoPlay
          src={source}
          aria-label={`Voicemail message from ${caller}, ${readableTime(message.at)}`}
        />
      ) : (
        <button type="button" className="secondary" disabled={busy} onClick={() => void play()}>
          {busy ? 'Loading…' : 'Play message'}
          <span className="visually-hidden"> from {caller}</span>
        </button>
      )}
    </li>
  );
}
