import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { aHarness } from './http-test-kit.js';
import { webRoutes } from './web-routes.js';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A folder shaped like `web/dist`. */
function aBuiltDashboard(): string {
  const root = mkdtempSync(join(tmpdir(), 'cw-web-dist-'));
  folders.push(root);
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>CallWarden</title><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log("app")');
  return root;
}

async function anApp(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not-found', message: 'no such route' }));
  await app.register(webRoutes, { root });
  return app;
}

const html = { accept: 'text/html,application/xhtml+xml' };

describe('serving the web dashboard', () => {
  test('serves index.html at / with a strict Content-Security-Policy and no caching', async () => {
    const app = await anApp(aBuiltDashboard());
    const response = await app.inject({ method: 'GET', url: '/', headers: html });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /text\/html/);
    assert.match(response.body, /<div id="root">/);
    assert.match(response.headers['content-security-policy'] as string, /script-src 'self'/);
    assert.equal(response.headers['cache-control'], 'no-cache');
  });

  test('serves hashed assets as immutable', async () => {
    const app = await anApp(aBuiltDashboard());
    const response = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /javascript/);
    assert.match(response.headers['cache-control'] as string, /immutable/);
  });

  test('answers any other page address with index.html (single-page app fallback)', async () => {
    const app = await anApp(aBuiltDashboard());
    const response = await app.inject({ method: 'GET', url: '/reports/review', headers: html });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<div id="root">/);
  });

  test('leaves unknown API and service paths, and non-HTML requests, to the JSON 404', async () => {
    const app = await anApp(aBuiltDashboard());
    for (const url of ['/api/nothing-here', '/api', '/metrics/x', '/health/x']) {
      const response = await app.inject({ method: 'GET', url, headers: html });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error, 'not-found', url);
    }
    const script = await app.inject({ method: 'GET', url: '/missing.js', headers: { accept: 'application/json' } });
    assert.equal(script.statusCode, 404);
  });

  test('answers 503 with how to build it when the dashboard has not been built', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cw-web-empty-'));
    folders.push(root);
    const app = await anApp(root);
    for (const url of ['/', '/calls']) {
      const response = await app.inject({ method: 'GET', url, headers: html });
      assert.equal(response.statusCode, 503, url);
      assert.match(response.body, /dashboard not built/i);
      assert.match(response.body, /npm run build/);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/api/residents', headers: html })).statusCode, 404);
  });

  test('keeps the API answering as before beside the dashboard', async () => {
    const h = await aHarness();
    try {
      assert.equal((await h.call('nobody', 'GET', '/api/residents')).statusCode, 401);
      const missing = await h.send('admin', { method: 'GET', url: '/api/no-such-route', headers: html });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error, 'not-found');
      assert.equal((await h.call('nobody', 'GET', '/health')).statusCode, 200);
      const page = await h.send('nobody', { method: 'GET', url: '/', headers: html });
      assert.ok([200, 503].includes(page.statusCode), `GET / answered ${page.statusCode}`);
      assert.match(page.headers['content-type'] as string, /text\/html/);
    } finally {
      await h.close();
    }
  });
});
