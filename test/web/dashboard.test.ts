/// <reference lib="dom" />
// The functions passed to page.evaluate() run in the page, where the DOM exists.
/**
 * The web dashboard end to end: real headless Chromium (Debian's package, driven by playwright-core) against the real
 * service started in-process, with residents, calls, reports and tokens made through the app's own operations.
 * Screenshots of every view go to a temporary folder (printed) for people to look at.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { E164 } from '../../src/numbers/phone-number.js';
import type { Resident } from '../../src/residents/resident.js';
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

describe('the web dashboard', { skip: unavailable ?? false, timeout: 90_000 }, () => {
  let service: Service;
  let browser: Browser;
  let margaret: Resident;
  let harold: Resident;
  const tokens = { admin: '', analyst: '', carer: '' };
  const shots = mkdtempSync(join(tmpdir(), 'cw-web-shots-'));
  let courierReportId = 0;
  const pageErrors: string[] = [];

  before(async () => {
    ensureWebBuilt();
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    const { ops, store, index } = service.app;
    margaret = await ops.addResident({ number: '01279 555001', name: 'Margaret', postcode: 'CM23 2AB' });
    harold = await ops.addResident({ number: '01279 555002', name: 'Harold', postcode: 'SG1' });
    await ops.addContact({ resident: margaret, number: '07911 123456', name: 'Daughter Sarah' });
    await index.catchUp();
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
    await ops.screen({ from: '07911 123777', to: margaret.number, at: minutesAgo(300) });
    await ops.screen({ from: 'anonymous', to: margaret.number, withheld: true, at: minutesAgo(240) });
    await ops.screen({ from: '07911 123456', to: margaret.number, at: minutesAgo(180) });
    await ops.screen({ from: '07922 000222', to: margaret.number, at: minutesAgo(120) });
    await ops.screen({ from: '101', to: margaret.number, at: minutesAgo(60) });
    await ops.screen({ from: '07911 123555', to: harold.number, at: minutesAgo(30) });
    const courier = await ops.addReport({
      number: '020 7946 0003',
      resident: harold,
      type: 'courier-fraud',
      lossPounds: 2500,
      text: 'Said he was a police officer and sent a courier for her bank cards',
      reporter: `resident:${harold.id}`,
      reporterKind: 'verified-resident',
    });
    courierReportId = courier.id;
    await ops.addReport({
      number: '020 7946 0004',
      resident: harold,
      type: 'bank-impersonation',
      lossPounds: 400,
      reporter: `resident:${harold.id}`,
      reporterKind: 'verified-resident',
    });
    tokens.admin = (await store.createToken({ name: 'Operator', role: 'admin', residentIds: [] })).secret;
    tokens.analyst = (await store.createToken({ name: 'Fraud desk', role: 'analyst', residentIds: [] })).secret;
    tokens.carer = (await store.createToken({ name: 'Sarah', role: 'carer', residentIds: [margaret.id] })).secret;
    process.stderr.write(`dashboard screenshots: ${shots}\n`);
  });

  after(async () => {
    await browser?.close();
    await service?.close();
  });

  const aPage = () => openPage(browser, pageErrors, { context: { acceptDownloads: true } });
  const signIn = (page: Page, token: string, heading: string | RegExp) => signInAt(service.url, page, token, heading);
  const screenshot = screenshotsIn(shots);

  test('a carer signs in and sees Margaret’s calls with the reasons in plain words, and nobody else’s', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.carer, "Margaret's calls");
    const calls = page.getByRole('region', { name: 'Recent calls to Margaret' });
    await calls.getByRole('listitem').first().waitFor();
    assert.equal(await calls.locator('li.call').count(), 5);
    const text = await page.locator('body').innerText();
    assert.match(
      text,
      /police non-emergency line \(101\)\. That number never makes calls, so the caller is pretending/,
    );
    assert.match(text, /Daughter Sarah is one of Margaret's trusted contacts/);
    assert.match(text, /Number withheld/);
    assert.match(text, /07922 000222/);
    assert.match(text, /Blocked/);
    assert.doesNotMatch(text, /Harold|07911 123555/);
    assert.doesNotMatch(text, /E\.164|\bSIP\b|\bDNO\b|\+44/, 'no jargon in the carer view');
    const warnings = page.getByRole('region', { name: 'Warnings' });
    assert.match(await warnings.innerText(), /was blocked/);
    // Only Margaret is offered; the API refuses Harold's records to this token.
    assert.equal(await page.getByLabel('Whose phone').count(), 0);
    const status = await page.evaluate(
      async ([token, id]) =>
        (await fetch(`/api/calls?residentId=${id}`, { headers: { authorization: `Bearer ${token}` } })).status,
      [tokens.carer, String(harold.id)] as const,
    );
    assert.equal(status, 403);
    const fontSize = await page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok(fontSize >= 18, `base text is ${fontSize}px`);
    await screenshot(page, 'carer-calls');
    await expectAccessible(page, 'carer view');
    await context.close();
  });

  test('a carer adds a trusted contact and removes it again', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.carer, "Margaret's calls");
    const form = page.getByRole('form', { name: 'Add a trusted contact' });
    await form.getByLabel('Name').fill('Neighbour Ann');
    await form.getByLabel('Phone number').fill('07911 123123');
    await form.getByRole('button', { name: 'Add trusted contact' }).click();
    const contacts = page.getByRole('region', { name: 'Trusted contacts' });
    await contacts.getByText('Neighbour Ann was added').waitFor();
    await contacts.getByText('07911 123123').waitFor();
    let stored = await service.app.store.listContacts(margaret.id);
    assert.deepEqual(stored.map((c) => c.name).sort(), ['Daughter Sarah', 'Neighbour Ann']);
    await screenshot(page, 'carer-contact-added');

    await contacts.getByRole('button', { name: 'Remove Neighbour Ann from trusted contacts' }).click();
    await contacts.getByText('Neighbour Ann was removed').waitFor();
    // The notice shows as soon as the server agrees; the list reloads just after it.
    await contacts.getByText('07911 123123').waitFor({ state: 'detached', timeout: 5000 });
    stored = await service.app.store.listContacts(margaret.id);
    assert.deepEqual(
      stored.map((c) => c.name),
      ['Daughter Sarah'],
    );
    await context.close();
  });

  test('a carer blocks a number and unblocks it', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.carer, "Margaret's calls");
    const blocks = page.getByRole('region', { name: 'Blocked numbers' });
    await blocks.getByLabel('Phone number').fill('07911 123777');
    await blocks.getByLabel('Why (optional)').fill('Keeps ringing about a prize');
    await blocks.getByRole('button', { name: 'Block this number' }).click();
    await blocks.getByText('07911 123777 is now blocked').waitFor();
    await blocks.getByRole('button', { name: 'Unblock 07911 123777' }).click();
    await blocks.getByText('07911 123777 is no longer blocked').waitFor();
    assert.deepEqual(await service.app.store.listBlocks({ residentId: margaret.id }), []);
    await context.close();
  });

  test('a carer reports a call in two clicks', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.carer, "Margaret's calls");
    await page.getByRole('button', { name: 'Report this call from 07922 000222' }).click();
    await screenshot(page, 'carer-report-asking');
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.getByText('Reported as a scam. Thank you').waitFor();
    const reports = await service.app.store.listReports();
    const filed = reports.find((r) => r.presented === '07922 000222' || r.number === '+447922000222');
    assert.ok(filed, 'the report is stored');
    assert.equal(filed.residentId, margaret.id);
    assert.notEqual(filed.callId, null);
    assert.equal(filed.reporterKind, 'carer');
    await context.close();
  });

  test('keyboard alone reaches the skip link, the main actions and reports a call', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.carer, "Margaret's calls");
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => document.activeElement?.textContent);
    assert.equal(skip, 'Skip to main content');
    const box = await page.locator('.skip-link').boundingBox();
    assert.ok(box && box.y >= 0, 'the skip link shows when focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');

    const reached: string[] = [];
    let focusVisible = true;
    for (let i = 0; i < 40 && !reached.some((name) => name.startsWith('Report this call')); i++) {
      await page.keyboard.press('Tab');
      const [name, ring] = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        const style = element ? getComputedStyle(element) : null;
        return [
          element?.innerText || element?.getAttribute('aria-label') || element?.id || '',
          style ? style.outlineStyle !== 'none' || style.boxShadow !== 'none' : false,
        ] as const;
      });
      reached.push(name.replace(/\s+/g, ' ').trim());
      if (!ring) focusVisible = false;
    }
    const report = reached.at(-1) ?? '';
    assert.match(report, /^Report this call/, `reached: ${reached.join(' | ')}`);
    assert.ok(focusVisible, 'every focused control shows a focus ring');
    await screenshot(page, 'carer-keyboard-focus');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Send report');
    await page.keyboard.press('Enter');
    await page.getByText('Reported as a scam. Thank you').first().waitFor();

    // The add-contact form is reachable too, and works from the keyboard.
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (
        (await page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('aria-labelledby'))) ===
        'add-contact-title'
      )
        break;
    }
    await page.keyboard.type('Nephew Tom');
    await page.keyboard.press('Tab');
    await page.keyboard.type('07911 123124');
    await page.keyboard.press('Enter');
    await page.getByText('Nephew Tom was added').waitFor();
    await context.close();
  });

  test('an unknown or withdrawn access code goes back to sign-in with a clear message', async () => {
    const { page, context } = await aPage();
    await page.goto(service.url);
    await page.getByLabel('Access code').fill('cw_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('That access code was not accepted').waitFor();
    await screenshot(page, 'login-rejected');
    await expectAccessible(page, 'sign-in');

    await service.app.ops.screen({ from: '07911 123888', to: margaret.number });
    await signIn(page, tokens.carer, "Margaret's calls");
    // The service starts refusing the token mid-session: the next action signs out.
    await page.route('**/api/**', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'unauthorized', message: 'unknown or revoked API token' }),
      }),
    );
    await page.getByRole('button', { name: 'Report this call from 07911 123888' }).click();
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.getByText('You have been signed out because your access code is no longer accepted').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await page.unroute('**/api/**');

    // A code kept in the tab that is refused on reload is treated the same way.
    await signIn(page, tokens.carer, "Margaret's calls");
    await page.route('**/api/**', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'unauthorized', message: 'unknown or revoked API token' }),
      }),
    );
    await page.reload();
    await page.getByText('You have been signed out because your access code is no longer accepted').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await context.close();
  });

  test('an analyst confirms a report, looks up a number, sees the charts and downloads the export', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.analyst, 'Reports');
    await screenshot(page, 'analyst-reports');
    await expectAccessible(page, 'analyst reports');
    await page.getByRole('button', { name: `Confirm report ${courierReportId} as a scam` }).click();
    await page.getByText(`Report ${courierReportId} (020 7946 0003) marked: Confirmed scam`).waitFor();
    const confirmed = (await service.app.store.listReports()).find((r) => r.id === courierReportId);
    assert.equal(confirmed?.status, 'confirmed');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv, /^report_id,date_time,caller_number/);
    assert.match(csv, /courier/);

    await page.getByRole('link', { name: 'Figures' }).click();
    await page.getByRole('heading', { level: 1, name: 'Figures' }).waitFor();
    const bars = page.locator('[data-chart="reports"] svg .recharts-bar-rectangle path');
    await bars.first().waitFor();
    assert.ok((await bars.count()) >= 1, 'the reports chart draws bars');
    const height = await bars.first().evaluate((path) => path.getBoundingClientRect().height);
    assert.ok(height > 0, 'a bar has height');
    await page.locator('[data-chart="losses"] svg .recharts-bar-rectangle path').first().waitFor();
    assert.match(await page.locator('body').innerText(), /£2,900/);
    // The service's figures and campaigns: drawn where the service has those routes, else labelled as missing.
    const serviceFigures = page.getByRole('region', { name: "Calls and reports, from the service's figures" });
    await serviceFigures.locator('[data-chart="calls"] svg, [data-state="not-available"]').first().waitFor();
    const campaigns = page.getByRole('region', { name: 'Scam campaigns' });
    await campaigns.locator('table, p').first().waitFor();
    await screenshot(page, 'analyst-figures');
    await expectAccessible(page, 'analyst figures');

    await page.getByRole('link', { name: 'Number lookup' }).click();
    await page.getByLabel('Phone number').fill('020 7946 0003');
    await page.getByRole('button', { name: 'Look up' }).click();
    const result = page.getByRole('region', { name: '020 7946 0003', exact: true });
    await result.waitFor();
    assert.match(await result.innerText(), /Verdict/);
    assert.match(await result.innerText(), /Courier scam/);
    await screenshot(page, 'analyst-number');
    await expectAccessible(page, 'analyst number lookup');
    await context.close();
  });

  test('an analyst confirms a number from a report and from the lookup, clears one, and confirms a campaign found in real calls', async () => {
    const { ops, store } = service.app;
    const { page, context } = await aPage();
    await signIn(page, tokens.analyst, 'Reports');
    const bank = (await store.listReports()).find((r) => r.number === '+442079460004');
    assert.ok(bank, 'the bank impersonation report is there');

    // From the report's row: the verdict form opens below the table, with the focus on its heading.
    await page.getByRole('button', { name: `Decide on the number of report ${bank.id}` }).click();
    const deciding = page.getByRole('region', { name: `The number of report ${bank.id}: 020 7946 0004` });
    await deciding.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'deciding-title');
    await deciding.getByRole('button', { name: 'Confirm as a scam and block 020 7946 0004' }).click();
    await deciding.getByText('Write why, for the audit log, before deciding.').waitFor();
    await deciding
      .getByLabel('Why (kept in the audit log)')
      .fill('Bank impersonation: the bank confirmed it is not theirs');
    await deciding.getByRole('button', { name: 'Confirm as a scam and block 020 7946 0004' }).click();
    await deciding.getByText('020 7946 0004 is confirmed as a scam and blocked for every resident.').waitFor();
    await screenshot(page, 'analyst-report-number-confirmed');
    await expectAccessible(page, 'analyst reports with a verdict form');
    const lookUp = (number: string) =>
      page.evaluate(
        async ([token, n]) =>
          (
            await fetch(`/api/numbers/${encodeURIComponent(n)}`, { headers: { authorization: `Bearer ${token}` } })
          ).json(),
        [tokens.analyst, number] as const,
      );
    assert.equal((await lookUp('+442079460004')).blocked?.source, 'analyst');

    // From the number lookup: confirm one number, clear another; the answer shown follows.
    await page.getByRole('link', { name: 'Number lookup' }).click();
    await page.getByRole('heading', { level: 1, name: 'Number lookup' }).waitFor();
    await page.getByLabel('Phone number').fill('020 7946 0003');
    await page.getByRole('button', { name: 'Look up' }).click();
    const verdict = page.getByRole('region', { name: 'Your verdict on 020 7946 0003' });
    await verdict.getByLabel('Why (kept in the audit log)').fill('Courier fraud, £2,500 lost in SG1');
    await verdict.getByRole('button', { name: 'Confirm as a scam and block 020 7946 0003' }).click();
    await verdict.getByText('020 7946 0003 is confirmed as a scam and blocked for every resident.').waitFor();
    await page
      .getByRole('region', { name: '020 7946 0003', exact: true })
      .getByText(/^yes: /)
      .waitFor();
    assert.equal((await lookUp('020 7946 0003')).blocked?.source, 'analyst');
    await screenshot(page, 'analyst-number-confirmed');
    await expectAccessible(page, 'analyst number verdict');

    await page.getByLabel('Phone number').fill('020 7946 0004');
    await page.getByRole('button', { name: 'Look up' }).click();
    const clearing = page.getByRole('region', { name: 'Your verdict on 020 7946 0004' });
    await clearing.getByLabel('Why (kept in the audit log)').fill('The bank’s own outbound line after all');
    await clearing.getByRole('button', { name: 'Clear 020 7946 0004' }).click();
    await clearing.getByText(/020 7946 0004 is cleared: it is not blocked/).waitFor();
    assert.equal((await lookUp('020 7946 0004')).blocked, null);
    const audit = await store.listAudit({ limit: 10 });
    assert.deepEqual(
      audit.filter((e) => e.action.startsWith('number.')).map((e) => [e.action, e.number, e.actor]),
      [
        ['number.clear', '+442079460004', audit[0]?.actor],
        ['number.confirm', '+442079460003', audit[0]?.actor],
        ['number.confirm', '+442079460004', audit[0]?.actor],
      ],
    );
    assert.match(audit[0]?.actor ?? '', /^token:\d+$/);

    // A campaign made of real calls: one number rings three residents of CM23 within the hour.
    const edna = await ops.addResident({ number: '01279 555004', name: 'Edna', postcode: 'CM23 3CD' });
    const walter = await ops.addResident({ number: '01279 555005', name: 'Walter', postcode: 'CM23 4EF' });
    await service.app.index.catchUp();
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
    for (const [resident, minutes] of [
      [margaret, 25],
      [edna, 18],
      [walter, 9],
    ] as const) {
      await ops.screen({ from: '020 7946 0099', to: resident.number, at: minutesAgo(minutes) });
    }
    await page.getByRole('link', { name: 'Figures' }).click();
    const campaigns = page.getByRole('region', { name: 'Scam campaigns' });
    await campaigns.getByRole('button', { name: 'Look for campaigns now' }).click();
    await campaigns.getByText('Looked at the last 24 hours of calls: 1 new campaign.').waitFor();
    const row = campaigns
      .getByRole('row')
      .filter({ hasText: 'One number (+442079460099) reached 3 residents in CM23' });
    await row.waitFor();
    const [campaign] = await store.listCampaigns({ key: 'number:+442079460099' });
    assert.ok(campaign);
    assert.equal(campaign.status, 'active');
    assert.equal(campaign.residentsReached, 3);
    assert.match(await row.innerText(), /Going on now/);
    await screenshot(page, 'analyst-campaign-found');
    await expectAccessible(page, 'analyst figures with a campaign');
    await row.getByRole('button', { name: `Confirm campaign ${campaign.id}` }).click();
    await campaigns
      .getByText(`Campaign ${campaign.id} confirmed: its numbers stay blocked for every resident.`)
      .waitFor();
    await row.getByText('Confirmed scam').waitFor();
    assert.equal((await store.getCampaign(campaign.id))?.status, 'confirmed');
    assert.equal((await store.findBlock('+442079460099' as E164, null))?.source, 'campaign');
    await screenshot(page, 'analyst-campaign-confirmed');
    await context.close();
  });

  test('an admin adds a resident and imports a DNO CSV', async () => {
    const { page, context } = await aPage();
    await signIn(page, tokens.admin, 'Calls and contacts');
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    const residents = page.getByRole('region', { name: 'Residents' });
    await residents.getByLabel('Name').fill('Edith');
    await residents.getByLabel('Phone number to protect').fill('01279 555003');
    await residents.getByRole('button', { name: 'Add resident' }).click();
    await residents.getByText('Edith (01279 555003) is now protected').waitFor();

    const dno = page.getByRole('region', { name: 'Do-Not-Originate list' });
    await dno.getByLabel('CSV file to import').setInputFiles({
      name: 'banks-inbound.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'number,owner\n0300 123 4567,Example Bank\n0345 600 7000,Another Bank\nnot-a-number,Bad Row\n',
      ),
    });
    await dno.getByRole('button', { name: 'Import', exact: true }).click();
    await dno.getByText('Imported 2 new, updated 0, skipped 1 line').waitFor();
    await dno.getByRole('cell', { name: 'Example Bank' }).waitFor();
    assert.equal((await service.app.store.listDno()).length, 2);
    await screenshot(page, 'admin');
    await expectAccessible(page, 'admin');
    await context.close();
  });

  test('no page raised a script error or had a resource blocked', () => {
    assert.deepEqual(pageErrors, []);
  });
});
