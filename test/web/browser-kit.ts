/// <reference lib="dom" />
// The functions passed to page.evaluate() run in the page, where the DOM exists.
/**
 * Builders for the dashboard's browser tests: Debian's Chromium (installed here when missing and running as root,
 * never downloaded by a test tool), the web app built once, the real service started in-process on a temporary data
 * folder, fresh tabs that collect page errors, signing in, screenshots, and an axe-core accessibility check run inside
 * the page.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { type App, createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config/config.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const chromiumPath = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can (installs Chromium first if it can). */
export function browserUnavailable(): string | null {
  if (existsSync(chromiumPath)) return null;
  if (process.getuid?.() !== 0) {
    return `${chromiumPath} is missing and this is not root: install Debian's chromium package to run the browser tests`;
  }
  try {
    // Both browser test files may get here at once on a fresh machine: the second waits for the first's dpkg lock
    // (and then finds Chromium installed) instead of failing on it.
    const waitForLock = ['-o', 'DPkg::Lock::Timeout=600'];
    if (existsSync(chromiumPath)) return null;
    execFileSync('apt-get', [...waitForLock, 'update', '-qq'], { stdio: 'ignore' });
    if (existsSync(chromiumPath)) return null;
    execFileSync('apt-get', [...waitForLock, 'install', '-y', '-qq', 'chromium'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    return `Chromium could not be installed with apt-get (${(error as Error).message.split('\n')[0]})`;
  }
  return existsSync(chromiumPath) ? null : `apt-get ran but ${chromiumPath} is still missing`;
}

/** Builds `web/dist` unless it is there (`npm ci` builds it through `prepare`). */
export function ensureWebBuilt(): void {
  if (existsSync(join(root, 'web', 'dist', 'index.html'))) return;
  execFileSync(join(root, 'node_modules', '.bin', 'vite'), ['build', 'web', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
  });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface Service {
  app: App;
  url: string;
  close(): Promise<void>;
}

/** The whole service (HTTP and SIP on free loopback ports) on a new temporary data folder. */
export async function startService(): Promise<Service> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-web-'));
  const config = loadConfig({ dataDir, http: '127.0.0.1:0', sip: '127.0.0.1:0', logLevel: 'silent' }, {});
  const app = await createApp({ config, log: pino({ level: 'silent' }) });
  const { http } = await app.start();
  return {
    app,
    url: http,
    async close() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh browser tab (own sessionStorage) that adds every script error and blocked resource to `errors`, for the test
 * to assert it stays empty. Refused API requests (4xx) are part of the tests (a bad token): the page shows them itself.
 * `clipboardFor`: the origin allowed to read and write the clipboard.
 */
export async function openPage(
  browser: Browser,
  errors: string[],
  options: { context?: BrowserContextOptions; clipboardFor?: string } = {},
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options.context });
  if (options.clipboardFor) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: options.clipboardFor });
  }
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    const refused = /Failed to load resource: the server responded with a status of 4\d\d/;
    if (message.type() === 'error' && !refused.test(message.text())) errors.push(message.text());
  });
  return { page, context };
}

/** Opens the dashboard at `url` (and `hash`, e.g. `#/calls/c-1`), signs in with `token` and waits for the heading. */
export async function signInAt(
  url: string,
  page: Page,
  token: string,
  heading: string | RegExp,
  hash = '',
): Promise<void> {
  await page.goto(hash ? `${url}/${hash}` : url);
  await page.getByLabel('Access code').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Saves full-page screenshots, `<name>.png`, in `folder`. */
export function screenshotsIn(folder: string): (page: Page, name: string) => Promise<void> {
  return async (page, name) => {
    await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
  };
}

/** Fails with the list of serious and critical accessibility violations of the page, when there are any. */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${view}: ${JSON.stringify(violations, null, 2)}`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) in the page and returns the serious and critical violations. It is evaluated
 * through the browser's debugging channel, so the page's Content-Security-Policy stays as it is in production.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is a global added by the script above
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return (result.violations as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}
