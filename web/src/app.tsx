/**
 * The dashboard shell: sign-in with a token, who it is from `GET /api/me`, and the pages that role may use. A 401 on
 * any request signs out with a message; what a carer sees is only what the API returns for their token.
 */
import { useCallback, useEffect, useState } from 'react';
import { createApi, messageOf } from './api/client.js';
import { type Role, whoAmI } from './api/role.js';
import { storedToken, storeToken } from './api/session.js';
import { Layout } from './components/layout.js';
import { type Page, pageInfo, pages, type Session } from './pages.js';
import { AdminView } from './views/admin-view.js';
import { CallsView } from './views/calls-view.js';
import { FiguresView } from './views/figures-view.js';
import { LoginView } from './views/login-view.js';
import { NumbersView } from './views/numbers-view.js';
import { ReportsView } from './views/reports-view.js';

const signedOutMessages = {
  expired: 'You have been signed out because your access code is no longer accepted. Please sign in again.',
  rejected: 'That access code was not accepted. Check it, or ask for a new one.',
  'signed-out': 'You have signed out.',
} as const;
type SignOutReason = keyof typeof signedOutMessages;

/** The page named by the address (`#/reports`), if this role may open it; `#main` (the skip link) names none. */
function pageFromHash(role: Role): Page | null {
  // `#/calls/<callId>` (the link in alert emails) opens the calls page.
  const wanted = window.location.hash.replace(/^#\/?/, '').split('/')[0];
  return allowedPages(role).find((page) => page === wanted) ?? null;
}

function allowedPages(role: Role): Page[] {
  return pages.filter((page) => (pageInfo[page].roles as readonly Role[]).includes(role));
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(() => storedToken() !== null);
  const [message, setMessage] = useState<string | null>(null);
  const [page, setPage] = useState<Page>('calls');

  const signOut = useCallback((reason: SignOutReason) => {
    storeToken(null);
    setSession(null);
    setMessage(signedOutMessages[reason]);
    window.location.hash = '';
  }, []);

  const signIn = useCallback(
    async (token: string): Promise<string | null> => {
      const api = createApi(token, () => signOut('expired'));
      try {
        const me = await whoAmI(createApi(token, () => {}));
        const role = me.role;
        storeToken(token);
        setMessage(null);
        setPage(pageFromHash(role) ?? allowedPages(role)[0] ?? 'calls');
        setSession({ api, role, me });
        return null;
      } catch (error) {
        storeToken(null);
        return error instanceof Error && 'status' in error && error.status === 401
          ? signedOutMessages.rejected
          : messageOf(error);
      }
    },
    [signOut],
  );

  useEffect(() => {
    const token = storedToken();
    if (token === null) return;
    void signIn(token).then((problem) => {
      // A code that worked earlier in this tab and is refused now has been withdrawn.
      if (problem) setMessage(problem === signedOutMessages.rejected ? signedOutMessages.expired : problem);
      setChecking(false);
    });
  }, [signIn]);

  useEffect(() => {
    if (!session) return;
    const follow = () => setPage((current) => pageFromHash(session.role) ?? current);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [session]);

  if (checking && !session) return <p className="loading">Loading…</p>;
  if (!session) return <LoginView message={message} onSignIn={signIn} />;
  return (
    <Layout role={session.role} page={page} who={session.me.name} onSignOut={() => signOut('signed-out')}>
      {page === 'calls' && <CallsView session={session} />}
      {page === 'reports' && <ReportsView session={session} />}
      {page === 'figures' && <FiguresView session={session} />}
      {page === 'numbers' && <NumbersView session={session} />}
      {page === 'admin' && <AdminView session={session} />}
    </Layout>
  );
}
