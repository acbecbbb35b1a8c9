/**
 * Serves the web dashboard (the Vite build in `web/dist`) at `/`, with a single-page-app fallback: any other `GET`
 * that accepts HTML and is not an API or service route gets `index.html`. When the dashboard has not been built, the
 * same paths answer 503 with a page that says how to build it; the API is unaffected either way.
 *
 * @example
 * await app.register(webRoutes);                              // serves <repo>/web/dist
 * await app.register(webRoutes, { root: '/srv/callwarden/web' }); // or another folder holding index.html
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** `web/dist` beside `src/` (when run with tsx) and beside `dist/` (when run from the build): both are two levels up. */
export const defaultWebRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

export interface WebRoutesOptions {
  /** Folder holding the built dashboard (`index.html`, `assets/`); default `web/dist` of this checkout. */
  root?: string;
}

/** Paths that belong to the API or the service and must keep their own 404 (JSON), never the dashboard's page. */
const notTheDashboard = /^\/(api|health|metrics|openapi\.json)(\/|$|\?)/;

/**
 * The dashboard's pages may only load the dashboard's own scripts and talk to this origin: a token kept in the
 * browser is then out of reach of injected scripts. Charts set inline style attributes, hence 'unsafe-inline' for
 * styles only. Voicemail audio is fetched with the token and played from a `blob:` address, hence `media-src blob:`.
 */
const pageHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
} as const;

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CallWarden — dashboard not built</title>
<style>body{font:20px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#111}code{background:#eee;padding:.1em .3em}</style>
</head><body><h1>Dashboard not built</h1>
<p>The web dashboard has not been built on this machine: run <code>npm run build</code>, then restart
<code>callwarden serve</code>.</p><p>The HTTP API under <code>/api</code> works without it.</p></body></html>
`;

/** A Fastify plugin: register it on the root app (it adds `GET /` and the fallback `GET /*`). */
export async function webRoutes(app: FastifyInstance, options: WebRoutesOptions = {}): Promise<void> {
  const root = options.root ?? defaultWebRoot;
  const built = existsSync(join(root, 'index.html'));

  const fallback = async (request: FastifyRequest, reply: FastifyReply) => {
    if (notTheDashboard.test(request.url) || !acceptsHtml(request)) return reply.callNotFound();
    if (!built)
      return reply.code(503).header('retry-after', '3600').type('text/html; charset=utf-8').send(notBuiltPage);
    return reply.headers(pageHeaders).sendFile('index.html');
  };

  if (built) {
    await app.register(fastifyStatic, {
      root,
      // One route per file found at start (no wildcard): anything else falls through to the page below.
      wildcard: false,
      index: false,
      // Cache headers are set below: hashed assets for a year, pages revalidated every time.
      cacheControl: false,
      setHeaders(response, path) {
        if (/[/\\]assets[/\\]/.test(path)) {
          // File names under assets/ carry a content hash, so they never change.
          response.setHeader('cache-control', 'public, max-age=31536000, immutable');
        } else {
          for (const [name, value] of Object.entries(pageHeaders)) response.setHeader(name, value);
        }
      },
    });
  }
  app.get('/', { schema: { hide: true } }, fallback);
  app.get('/*', { schema: { hide: true } }, fallback);
}

/** Browsers navigating ask for text/html; a script or tool asking for something else gets a plain 404. */
function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return accept === undefined || accept.includes('text/html') || accept.includes('*/*');
}
