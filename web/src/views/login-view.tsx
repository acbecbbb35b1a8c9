/** Sign in with an access code (an API token made with `callwarden token create`). */
import { type FormEvent, useId, useState } from 'react';
import { Problem } from '../components/status.js';

export function LoginView(props: { message: string | null; onSignIn: (token: string) => Promise<string | null> }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = token.trim();
    if (value === '') {
      setProblem('Enter your access code.');
      return;
    }
    setBusy(true);
    setProblem(await props.onSignIn(value));
    setBusy(false);
  }

  const shown = problem ?? props.message;
  return (
    <main id="main" className="login" tabIndex={-1}>
      <h1>CallWarden</h1>
      <p className="lead">Sign in to see calls, trusted contacts and scam reports.</p>
      {shown && <Problem>{shown}</Problem>}
      <form onSubmit={submit} noValidate>
        <label htmlFor="token">Access code</label>
        <p id={hintId} className="hint">
          The code you were given for CallWarden. It starts with <span className="code">cw_</span>.
        </p>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          aria-describedby={hintId}
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
