/**
 * Campaign warnings to carers, end to end over the API: generated call streams (a burst from one number across 40
 * residents of SG23 in 30 minutes, ordinary traffic elsewhere) are scanned through `POST /api/campaigns/scan`; the
 * carers of every SG23 resident get one warning each in the outbox, never twice (another scan, a restart), the
 * residents of a district the campaign spreads to are warned then, and carers see the banner's words.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { type CampaignWatchOptions, createCampaignWatch } from '../app/campaign-watch.js';
import { createIntelligence } from '../app/intelligence.js';
import { createOperations, type Operations } from '../app/operations.js';
import type { E164 } from '../numbers/phone-number.js';
import type { Resident } from '../residents/resident.js';
import type { Action } from '../screening/policy.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createHttpApp } from './create-http-app.js';

const scammer = '+442079460555' as E164;
const operatorHook = 'https://operator.example/hooks/callwarden';
const minute = 60_000;

describe('campaign warnings to carers', () => {
  let dir: string;
  let store: Store;
  let ops: Operations;
  let app: FastifyInstance;
  let clock = new Date('2026-11-25T19:00:00Z');
  const sg23: Resident[] = [];
  const sg24: Resident[] = [];
  const al1: Resident[] = [];
  let analyst: string;
  let carerSg23: string;
  let carerAl1: string;
  let seq = 0;

  const warnings: CampaignWatchOptions['warnings'] = {
    dashboardUrl: 'https://dash.callwarden.test',
    webhookUrl: operatorHook,
    channels: { webhook: true, email: true },
  };
  const now = () => clock;

  /** One call record, as the screening service writes it. */
  async function aCall(resident: Resident, from: string, at: Date, action: Action, risk: number) {
    seq += 1;
    await store.recordCall({
      callId: `gen-${seq}`,
      residentId: resident.id,
      presented: from,
      number: from as E164,
      at,
      action,
      risk,
      reasons: [],
      outcome: null,
    });
  }

  async function scan() {
    const response = await app.inject({
      method: 'POST',
      url: '/api/campaigns/scan',
      headers: { authorization: `Bearer ${analyst}` },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  }

  const alerts = (token: string, resident: Resident) =>
    app.inject({
      method: 'GET',
      url: `/api/residents/${resident.id}/campaign-alerts`,
      headers: { authorization: `Bearer ${token}` },
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-campaign-warn-'));
    store = await openStore({ dataDir: dir });
    ops = createOperations({ store, region: 'GB', now });
    const add = async (list: Resident[], district: string, count: number, base: number) => {
      for (let i = 0; i < count; i++) {
        list.push(
          await ops.addResident({
            number: `+4412795${String(base + i).padStart(5, '0')}`,
            name: `${district} resident ${i + 1}`,
            postcode: `${district} ${1 + (i % 9)}AB`,
            settings: {
              guard: {
                alertEmails: i % 10 === 9 ? [] : [`carer${base + i}@example.org`],
                ...(i === 0 ? { alertWebhookUrl: 'https://carer-app.example/hook' } : {}),
                ...(i === 8 ? { alertContacts: false } : {}),
              },
            },
          }),
        );
      }
    };
    await add(sg23, 'SG23', 40, 10_000);
    await add(sg24, 'SG24', 5, 20_000);
    await add(al1, 'AL1', 30, 30_000);

    // A police-impersonation report on the number names the script the warning describes.
    await store.addReport({
      number: scammer,
      presented: '020 7946 0555',
      residentId: sg23[0]?.id ?? null,
      reporter: 'resident:1',
      reporterKind: 'verified-resident',
      type: 'police-impersonation',
      lossPence: 0,
      text: null,
      callId: null,
      at: new Date('2026-11-25T18:40:00Z'),
    });
    // Ordinary traffic all day: each AL1 resident hears from a few different callers; nothing repeats across homes.
    for (const [i, resident] of al1.entries()) {
      for (let k = 0; k < 3; k++) {
        await aCall(
          resident,
          `+4479${String(i * 10 + k).padStart(8, '0')}`,
          new Date(Date.parse('2026-11-25T08:00:00Z') + (i * 3 + k) * 7 * minute),
          'ring',
          0.1,
        );
      }
    }
    // The burst: one number rings all 40 SG23 homes within 30 minutes, screened as risky.
    for (const [i, resident] of sg23.entries()) {
      await aCall(resident, scammer, new Date(Date.parse('2026-11-25T18:25:00Z') + i * 45_000), 'screen', 0.85);
    }

    const watch = createCampaignWatch({ store, now, warnings });
    const intelligence = createIntelligence({ store, region: 'GB', now, watch });
    app = await createHttpApp({ ops, store, metrics: { registry: new Registry() }, intelligence });
    analyst = (await store.createToken({ name: 'desk', role: 'analyst', residentIds: [] })).secret;
    carerSg23 = (await store.createToken({ name: 'c1', role: 'carer', residentIds: [sg23[3]?.id ?? 0] })).secret;
    carerAl1 = (await store.createToken({ name: 'c2', role: 'carer', residentIds: [al1[0]?.id ?? 0] })).secret;
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('finds the burst and warns each SG23 resident’s carers once, in plain words; ordinary traffic warns nobody', async () => {
    const result = await scan();
    assert.equal(result.created.length, 1);
    assert.equal(result.warnedResidents, 40);
    const [campaign] = await store.listCampaigns();
    assert.ok(campaign);
    assert.deepEqual([campaign.status, campaign.response, campaign.districts], ['active', 'block', ['SG23']]);

    const outbox = await store.listNotifications({ limit: 10_000 });
    const emails = outbox.filter((n) => n.channel === 'email');
    const hooks = outbox.filter((n) => n.channel === 'webhook');
    // 40 residents: 4 have no email (every tenth), one asked for no alerts; webhooks: the operator's per resident
    // reached (39) and one carer app.
    assert.equal(emails.length, 35);
    assert.equal(hooks.length, 40);
    assert.equal(hooks.filter((n) => (n.payload as { url: string }).url === operatorHook).length, 39);
    assert.ok(
      outbox.every((n) => n.residentId !== null && sg23.some((r) => r.id === n.residentId)),
      'SG23 only',
    );
    const email = emails.find((n) => n.residentId === sg23[1]?.id)?.payload as {
      to: string;
      subject: string;
      text: string;
    };
    assert.equal(email.to, 'carer10001@example.org');
    assert.match(email.subject, /scam calls in SG23/);
    assert.match(
      email.text,
      /^Scam calls are being made to homes in SG23 tonight: callers pretending to be police officers\.\n\nReal police never ask for your PIN/,
    );
    assert.match(email.text, /SG23 resident 2 lives in SG23/);
    assert.match(email.text, /https:\/\/dash\.callwarden\.test\/#\/calls/);
    const hook = hooks.find((n) => (n.payload as { url: string }).url !== operatorHook)?.payload as {
      body: { event: string; district: string; headline: string };
    };
    assert.deepEqual([hook.body.event, hook.body.district], ['campaign.warning', 'SG23']);
    const recorded = await store.listCampaignWarnings({ campaignId: campaign.id });
    assert.equal(recorded.length, 40);
    assert.equal(
      recorded.find((w) => w.residentId === sg23[8]?.id)?.messages,
      0,
      'alerts switched off: recorded, none sent',
    );
  });

  test('never warns the same resident twice: another scan, then a restarted watch over the same database', async () => {
    const before = (await store.listNotifications({ limit: 10_000 })).length;
    clock = new Date('2026-11-25T19:05:00Z');
    assert.equal((await scan()).warnedResidents, 0);
    const restarted = createCampaignWatch({ store, now, warnings });
    assert.deepEqual((await restarted.scan()).warned, []);
    assert.equal((await store.listNotifications({ limit: 10_000 })).length, before);
  });

  test('warns only the new residents when the campaign spreads to another district', async () => {
    const before = (await store.listNotifications({ limit: 10_000 })).length;
    clock = new Date('2026-11-25T19:40:00Z');
    for (const [i, resident] of sg24.entries()) {
      await aCall(resident, scammer, new Date(Date.parse('2026-11-25T19:20:00Z') + i * minute), 'screen', 0.85);
    }
    const result = await scan();
    assert.equal(result.warnedResidents, 5);
    const [campaign] = await store.listCampaigns();
    assert.deepEqual(campaign?.districts, ['SG23', 'SG24']);
    const added = (await store.listNotifications({ limit: 10_000 })).slice(0, -before || undefined);
    assert.ok(added.length > 0 && added.every((n) => sg24.some((r) => r.id === n.residentId)), 'SG24 residents only');
    const sg24Email = added.find((n) => n.channel === 'email')?.payload as { text: string };
    assert.match(sg24Email.text, /homes in SG24 tonight: callers pretending to be police officers/);
  });

  test('shows the banner’s words to a carer in a touched district, nothing elsewhere, and refuses other residents', async () => {
    const mine = await alerts(carerSg23, sg23[3] as Resident);
    assert.equal(mine.statusCode, 200);
    const [alert] = mine.json();
    assert.equal(alert.district, 'SG23');
    assert.equal(alert.script, 'police-impersonation');
    assert.match(
      alert.headline,
      /^Scam calls are being made to homes in SG23 tonight: callers pretending to be police/,
    );
    assert.match(alert.advice, /Real police never/);
    assert.deepEqual(alert.numbers, [scammer]);
    const elsewhere = await alerts(carerAl1, al1[0] as Resident);
    assert.equal(elsewhere.statusCode, 200);
    assert.deepEqual(elsewhere.json(), []);
    assert.equal((await alerts(carerSg23, al1[0] as Resident)).statusCode, 403);
    assert.equal((await alerts(carerAl1, sg23[3] as Resident)).statusCode, 403);
  });
});
