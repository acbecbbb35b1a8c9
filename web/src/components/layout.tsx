/**
 * The frame of every signed-in page: a skip link, the header with the pages this role may open, and the main area.
 * When the page changes, focus moves to its heading so keyboard and screen-reader users start at the top of it.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import type { Role } from '../api/role.js';
import { type Page, pageInfo, pages } from '../pages.js';

const roleWords = { admin: 'Administrator', analyst: 'Analyst', carer: 'Family and carers' } as const satisfies Record<
  Role,
  string
>;

export function Layout(props: {
  role: Role;
  page: Page;
  /** Who is signed in (the access code's label). */
  who?: string;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const { role, page } = props;
  const visible = pages.filter((p) => (pageInfo[p].roles as readonly Role[]).includes(role));
  const first = useRef(true);

  useEffect(() => {
    document.title = `${pageInfo[page].label} — CallWarden`;
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('page-title')?.focus();
  }, [page]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="brand">
          <span className="brand-name">CallWarden</span>
          <span className="brand-role">
            {roleWords[role]}
            {props.who ? ` · ${props.who}` : ''}
          </span>
        </div>
        {visible.length > 1 && (
          <nav aria-label="Pages">
            <ul>
              {visible.map((p) => (
                <li key={p}>
                  <a href={`#/${p}`} aria-current={p === page ? 'page' : undefined}>
                    {pageInfo[p].label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <button type="button" className="secondary" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
