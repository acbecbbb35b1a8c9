/// <reference lib="dom" />
// The functions passed to page.evaluate() run in the page, where the DOM exists.
/**
 * The dashboard's care views end to end, in real headless Chromium against the real service: a carer plays a
 * voicemail, reads what the live guard detected in a flagged call and why, and sees the banner of a scam campaign in
 * their resident's district; an administrator makes an access code (shown once, copied), lists it and withdraws it.
 * Screenshots of each view go to a temporary folder (printed).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseCallLine } from '../../src/detection/transcript.js';
import type { E164 } from '../../src/numbers/phone-number.js';
import type { Resident } from '../../src/residents/resident.js';
import { createVoicemailBox } from '../../src/telephony/b2bua/voicemail-box.js';
import {
  browserUnavailable,
  ensureWebBuilt,
  expectAccessible,
  launchBrowser,
  openPage,
  type Service,
  screenshotsIn,
  signInAt,
  startService,
} from './browser-kit.js';

const unavailable = browserUnavailable();
if (unavailable) process.stderr.write(`browser tests skipped: ${unavailable}\n`);

const fixtureCalls = readFileSync(new URL('../fixtures/detector/calls.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => parseCallLine(line));

describe('the dashboard’s care views', { skip: unavailable ?? false, timeout: 120_000 }, () => {
  let service: Service;
  let browser: Browser;
  let margaret: Resident;
  let harold: Resident;
  const tokens = { admin: '', carer: '' };
  const shots = mkdtempSync(join(tmpdir(), 'cw-web-care-shots-'));
  const pageErrors: string[] = [];
  let guardedCallId = '';
  const scammer = '+442079460321' as E164;

  before(async () => {
    ensureWebBuilt();
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    const { ops, store, index, guard, config } = service.app;
    margaret = await ops.addResident({
      number: '01279 555001',
      name: 'Margaret',
      postcode: 'CM23 2AB',
      settings: { guard: { enabled: true, alertEmails: ['sarah@example.org'] } },
    });
    harold = await ops.addResident({
      number: '01279 555002',
      name: 'Harold',
      postcode: 'SG1',
      settings: { guard: { enabled: true } },
    });
    const edna = await ops.addResident({ number: '01279 555004', name: 'Edna', postcode: 'CM23 3CD' });
    const walter = await ops.addResident({ number: '01279 555005', name: 'Walter', postcode: 'CM23 4EF' });
    await index.catchUp();
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

    // A voicemail message: two seconds of a tone, left by a caller the call log knows.
    const left = await ops.screen({ from: '07911 123456', to: margaret.number, at: minutesAgo(90) });
    const box = createVoicemailBox(join(config.dataDir, 'voicemail'));
    await box.save(
      left.callId,
      new Int16Array(16_000).map((_, i) => Math.round(6000 * Math.sin(i / 4))),
    );
    const harolds = await ops.screen({ from: '07911 654321', to: harold.number, at: minutesAgo(80) });
    await box.save(harolds.callId, new Int16Array(8000));

    // A guarded call: a courier-fraud script fed turn by turn to the live guard, as the media side would.
    const call = fixtureCalls.find((c) => c.id === 'fx-police-courier');
    assert.ok(call);
    guardedCallId = 'guarded-courier-1';
    for (const [callId, resident] of [
      [guardedCallId, margaret],
      ['guarded-harold', harold],
    ] as const) {
      const opened = await guard.open({ callId, resident, presented: '020 7946 0011' });
      assert.ok(opened.guarded);
      for (const turn of call.turns) {
        if (guard.find(callId)?.guarded !== true) break;
        await opened.guard.addTurn(turn);
      }
      await guard.end(callId);
    }
    assert.ok(await store.getGuardEvidence(guardedCallId), 'the guard kept evidence');

    // A campaign: one number rings three CM23 homes within the hour and is blocked each time; people report it as
    // police impersonation.
    for (const [resident, minutes] of [
      [margaret, 40],
      [edna, 30],
      [walter, 20],
    ] as const) {
      await store.recordCall({
        callId: `campaign-${resident.id}`,
        residentId: resident.id,
        presented: '020 7946 0321',
        number: scammer,
        at: minutesAgo(minutes),
        action: 'block',
        risk: 0.9,
        reasons: [],
        outcome: null,
      });
    }
    await ops.addReport({
      number: scammer,
      resident: edna,
      type: 'police-impersonation',
      reporter: `resident:${edna.id}`,
      reporterKind: 'verified-resident',
    });
    tokens.admin = (await store.createToken({ name: 'Operator', role: 'admin', residentIds: [] })).secret;
    tokens.carer = (await store.createToken({ name: 'Sarah', role: 'carer', residentIds: [margaret.id] })).secret;
    const scan = await fetch(`${service.url}/api/campaigns/scan`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    assert.equal(scan.status, 200);
    assert.equal((await scan.json()).created.length, 1);
    process.stderr.write(`care view screenshots: ${shots}\n`);
  });

  after(async () => {
    await browser?.close();
    await service?.close();
  });

  const aPage = () => openPage(browser, pageErrors, { clipboardFor: service.url });
  const signIn = (page: Page, token: string, heading: string | RegExp, hash = '') =>
    signInAt(service.url, page, token, heading, hash);
  const screenshot = screenshotsIn(shots);

  test('a carer sees the scam campaign banner for Margaret’s district', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.carer, "Margaret's calls");
    const banner = page.getByRole('region', { name: 'Scam calls in your area' });
    await banner.waitFor();
    const text = await banner.innerText();
    assert.match(
      text,
      /Scam calls are being made to homes in CM23 (today|tonight): callers pretending to be police officers\./,
    );
    assert.match(text, /Real police never ask for your PIN/);
    assert.match(text, /Margaret lives in CM23/);
    assert.match(text, /020 7946 0321/);
    assert.doesNotMatch(text, /\+44/);
    // The banner comes first, before the calls.
    const order = await page.evaluate(() =>
      Array.from(document.querySelectorAll('main h2'))
        .map((h) => h.textContent ?? '')
        .slice(0, 2),
    );
    assert.equal(order[0], 'Scam calls in your area');
    await screenshot(page, 'carer-campaign-banner');
    await expectAccessible(page, 'carer view with the campaign banner');
    await context.close();
  });

  test('a carer sees what the guard detected in a flagged call, why, the evidence kept and what was done', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.carer, "Margaret's calls");
    const guarded = page.getByRole('region', { name: 'Calls where CallWarden stepped in' });
    await guarded.waitFor();
    const text = await guarded.innerText();
    assert.match(text, /Call from 020 7946 0011/);
    assert.match(text, /Call ended by CallWarden/);
    assert.match(text, /What CallWarden noticed/);
    assert.match(text, /Pretended to be someone official \(police, bank\)/);
    assert.match(text, /Why/);
    const evidence = await service.app.store.getGuardEvidence(guardedCallId);
    assert.ok(evidence);
    for (const reason of evidence.reasons) assert.ok(text.includes(reason.text), `reason shown: ${reason.text}`);
    assert.match(text, /What the caller said \(kept as evidence\)/);
    const firstTurn = evidence.turns[0];
    assert.ok(firstTurn && text.includes(firstTurn.text), 'a telling turn is quoted');
    assert.match(text, /What CallWarden did/);
    assert.match(text, /Ended the call\./);
    assert.match(text, /Filed a scam report\./);
    assert.match(text, /deleted automatically on \d{1,2} [A-Z][a-z]{2} \d{4}/);
    assert.doesNotMatch(text, /Harold/);
    // The guard's block of the caller is in the blocked numbers, in plain words rather than stage names.
    // The list loads on its own after the page: wait for the entry rather than read the region as first painted.
    const blockList = page.getByRole('region', { name: 'Blocked numbers' });
    await blockList.getByText('CallWarden ended a scam call from this number and blocked it.').waitFor();
    const blocks = await blockList.innerText();
    assert.match(blocks, /CallWarden ended a scam call from this number and blocked it\./);
    assert.doesNotMatch(await page.locator('main').innerText(), /credential-ask|account-threat/, 'no stage codes');
    const status = await page.evaluate(
      async ([token, id]) =>
        (await fetch(`/api/guard/evidence?residentId=${id}`, { headers: { authorization: `Bearer ${token}` } })).status,
      [tokens.carer, String(harold.id)] as const,
    );
    assert.equal(status, 403, 'another resident’s evidence is refused');
    await guarded.scrollIntoViewIfNeeded();
    await screenshot(page, 'carer-guard-evidence');
    await expectAccessible(page, 'carer view with guard evidence');
    await context.close();
  });

  test('the link in an alert email opens the call’s evidence with the focus on it', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.carer, "Margaret's calls", `#/calls/${encodeURIComponent(guardedCallId)}`);
    await page.getByRole('region', { name: 'Calls where CallWarden stepped in' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Call from'));
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Call from 020 7946 0011');
    await context.close();
  });

  test('a carer plays a voicemail in the browser, by mouse and by keyboard', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.carer, "Margaret's calls");
    const voicemail = page.getByRole('region', { name: 'Voicemail messages for Margaret' });
    await voicemail.getByText('07911 123456', { exact: true }).waitFor();
    assert.match(await voicemail.innerText(), /2 seconds/);
    assert.doesNotMatch(await voicemail.innerText(), /07911 654321/, 'only Margaret’s messages');
    await voicemail.getByRole('button', { name: 'Play message from 07911 123456' }).click();
    const audio = voicemail.locator('audio');
    await audio.waitFor();
    assert.match((await audio.getAttribute('src')) ?? '', /^blob:/);
    await page.waitForFunction(() => {
      const element = document.querySelector('audio');
      return element !== null && element.readyState >= 1 && Number.isFinite(element.duration);
    });
    const duration = await audio.evaluate((element: HTMLAudioElement) => element.duration);
    assert.ok(Math.abs(duration - 2) < 0.1, `the message lasts ${duration} s`);
    const played = await audio.evaluate(async (element: HTMLAudioElement) => {
      await element.play();
      await new Promise((resolve) => setTimeout(resolve, 400));
      return { paused: element.paused, at: element.currentTime, error: element.error?.code ?? null };
    });
    assert.equal(played.error, null);
    assert.ok(played.at > 0, `playback advanced (${JSON.stringify(played)})`);
    await voicemail.scrollIntoViewIfNeeded();
    await screenshot(page, 'carer-voicemail-playing');
    await expectAccessible(page, 'carer view with a voicemail playing');

    // The keyboard alone reaches the Play button, and Enter plays.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: "Margaret's calls" }).waitFor();
    await page.getByRole('button', { name: 'Play message from 07911 123456' }).waitFor();
    await page.locator('#main').focus();
    let reached = '';
    for (let i = 0; i < 60 && !reached.startsWith('Play message'); i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');
    }
    assert.match(reached, /^Play message/);
    await page.keyboard.press('Enter');
    await page.locator('audio').waitFor();
    await context.close();
  });

  test('an admin makes an access code, sees its secret once, copies it, lists it and withdraws it', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.admin, 'Calls and contacts');
    await page.getByRole('link', { name: 'Administration' }).click();
    const section = page.getByRole('region', { name: 'Access codes' });
    await section.getByRole('cell', { name: 'Sarah', exact: true }).waitFor();
    const form = page.getByRole('form', { name: 'Make an access code' });
    await form.getByLabel('Who it is for').fill('Neighbour Ann');
    await form.getByRole('button', { name: 'Make access code' }).click();
    await form.getByText('Choose at least one person').waitFor();
    await form.getByRole('checkbox', { name: 'Margaret' }).check();
    await form.getByRole('button', { name: 'Make access code' }).click();
    const shown = page.getByRole('region', { name: 'Access code for Neighbour Ann' });
    await shown.waitFor();
    const secret = (await shown.locator('code').innerText()).trim();
    assert.match(secret, /^cw_[A-Za-z0-9_-]{20,}$/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'new-secret-title');
    await shown.getByRole('button', { name: 'Copy the access code' }).click();
    await shown.getByText(/Copied|selected/).waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
    if (clipboard !== null) assert.equal(clipboard, secret);
    await screenshot(page, 'admin-access-code-shown');
    await expectAccessible(page, 'admin with a new access code');

    const me = await fetch(`${service.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(me.status, 200);
    assert.deepEqual(
      ((await me.json()) as { residents: { name: string }[] }).residents.map((r) => r.name),
      ['Margaret'],
    );

    await shown.getByRole('button', { name: 'I have kept it safe' }).click();
    await shown.waitFor({ state: 'detached' });
    assert.ok(!(await page.locator('body').innerText()).includes(secret), 'the secret is shown once only');
    const row = section.getByRole('row').filter({ hasText: 'Neighbour Ann' });
    await row.waitFor();
    assert.match(await row.innerText(), /Family or carer of Margaret/);
    assert.match(await row.innerText(), /Works/);

    await row.getByRole('button', { name: 'Withdraw the access code for Neighbour Ann' }).click();
    const yes = section.getByRole('button', { name: 'Yes, withdraw it' });
    await yes.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Yes, withdraw it');
    await screenshot(page, 'admin-access-code-confirm');
    await yes.click();
    await section.getByText('The access code for Neighbour Ann is withdrawn').waitFor();
    await row.getByText(/^Withdrawn/).waitFor();
    const refused = await fetch(`${service.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(refused.status, 401, 'a withdrawn code is refused at once');
    await screenshot(page, 'admin-access-codes');
    await expectAccessible(page, 'admin access codes');
    await context.close();
  });

  test('no page raised a script error or had a resource blocked', () => {
    assert.deepEqual(pageErrors, []);
  });
});
