/** The dashboard's pages and which roles may open them (the API enforces the same; this only hides what would fail). */
import type { Api } from './api/client.js';
import type { Me, Role } from './api/role.js';

export const pages = ['calls', 'reports', 'figures', 'numbers', 'admin'] as const;
export type Page = (typeof pages)[number];

export const pageInfo = {
  calls: { label: 'Calls and contacts', roles: ['carer', 'admin'] },
  reports: { label: 'Reports', roles: ['analyst', 'admin'] },
  figures: { label: 'Figures', roles: ['analyst', 'admin'] },
  numbers: { label: 'Number lookup', roles: ['analyst', 'admin'] },
  admin: { label: 'Administration', roles: ['admin'] },
} as const satisfies Record<Page, { label: string; roles: readonly Role[] }>;

/** A signed-in user: the API with their token, their role, and who they are (`GET /api/me`). */
export interface Session {
  api: Api;
  role: Role;
  me: Me;
}
