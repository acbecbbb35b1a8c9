/** Messages that screen readers announce: `Notice` for news (polite), `Problem` for errors (assertive). */
import type { ReactNode } from 'react';

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

export function Problem({ children }: { children: ReactNode }) {
  return (
    <p className="problem" role="alert">
      {children}
    </p>
  );
}

/** Either nothing, a problem or a notice: the result of the last thing the user did in a section. */
export type Outcome = { kind: 'problem' | 'notice'; text: string } | null;

export function OutcomeMessage({ outcome }: { outcome: Outcome }) {
  // The live regions stay in the page so that a change of their text is announced.
  return (
    <div className="outcome">
      <div role="status">{outcome?.kind === 'notice' && <p className="notice">{outcome.text}</p>}</div>
      <div role="alert">{outcome?.kind === 'problem' && <p className="problem">{outcome.text}</p>}</div>
    </div>
  );
}
