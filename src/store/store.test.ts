import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { E164 } from '../numbers/phone-number.js';
import { defaultResidentSettings, type ResidentSettings } from '../residents/resident.js';
import { databaseFileName, openStore } from './open-store.js';
import { type CallRecord, type NewReport, type NewResident, type Store, StoreError } from './store.js';
import { postgresStores, sqliteStores, type TestStores, withStore as withFreshStore } from './test-stores.js';

const databaseUrl = process.env.DATABASE_URL;

const e164 = (digits: string) => digits as E164;

function aResident(overrides: Partial<NewResident> = {}): NewResident {
  return {
    number: e164('+441279555001'),
    country: 'GB',
    name: 'Margaret',
    postcode: 'CM23 2AB',
    phoneUri: 'sip:margaret@pbx.example',
    settings: defaultResidentSettings,
    ...overrides,
  };
}

function aReport(overrides: Partial<NewReport> = {}): NewReport {
  return {
    number: e164('+442079460000'),
    presented: '020 7946 0000',
    residentId: null,
    reporter: 'cli',
    reporterKind: 'analyst',
    type: 'courier-fraud',
    lossPence: 0,
    text: null,
    callId: null,
    ...overrides,
  };
}

function aCallRecord(callId: string, overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    callId,
    residentId: null,
    presented: '07922000111',
    number: null,
    at: new Date('2025-03-01T09:30:00.000Z'),
    action: 'screen',
    risk: 0.3,
    reasons: [{ code: 'unknown-caller', text: 'Not a trusted contact.' }],
    outcome: null,
    ...overrides,
  };
}

/** Asserts that `promise` rejects with a StoreError of this code, and returns it for further checks. */
async function rejectsWith(promise: Promise<unknown>, code: StoreError['code']): Promise<StoreError> {
  const error = await promise.then(
    () => assert.fail(`expected StoreError('${code}'), but it succeeded`),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  return error;
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

function storeSuite(name: string, setup: () => TestStores) {
  describe(`store on ${name}`, () => {
    let stores: TestStores;
    before(() => {
      stores = setup();
    });
    after(() => stores.cleanup());

    const withStore = (work: (store: Store) => Promise<void>) => withFreshStore(stores.fresh, work);

    test('adds a resident and reads it back by id, by number and in lists', () =>
      withStore(async (store) => {
        const added = await store.addResident(aResident());
        assert.equal(typeof added.id, 'number');
        assert.ok(added.createdAt instanceof Date);
        const expected = { ...aResident(), id: added.id, createdAt: added.createdAt };
        assert.deepEqual(added, expected);
        assert.deepEqual(await store.getResident(added.id), expected);
        assert.deepEqual(await store.findResidentByNumber(e164('+441279555001')), expected);
        assert.equal(await store.getResident(added.id + 1000), null);
        assert.equal(await store.findResidentByNumber(e164('+441279555999')), null);

        const second = await store.addResident(aResident({ number: e164('+441279555002'), name: 'Arthur' }));
        assert.deepEqual(
          (await store.listResidents()).map((resident) => resident.name),
          ['Margaret', 'Arthur'],
        );
        assert.deepEqual(
          (await store.listResidents({ ids: [second.id] })).map((resident) => resident.id),
          [second.id],
        );
        assert.deepEqual(await store.listResidents({ ids: [] }), []);
        assert.deepEqual(
          (await store.listResidents({ limit: 1, offset: 1 })).map((resident) => resident.id),
          [second.id],
        );
      }));

    test('refuses a second resident with the same number and keeps the first', () =>
      withStore(async (store) => {
        const first = await store.addResident(aResident());
        const error = await rejectsWith(store.addResident(aResident({ name: 'Impostor' })), 'conflict');
        assert.match(error.message, /resident with number \+441279555001 already exists/);
        assert.deepEqual(await store.listResidents(), [first]);
      }));

    test('updates a resident’s settings and details, and reports a missing resident as not found', () =>
      withStore(async (store) => {
        const resident = await store.addResident(aResident());
        const settings: ResidentSettings = {
          ...defaultResidentSettings,
          withheld: 'block',
          quietHours: { start: '21:00', end: '08:00' },
        };
        const updated = await store.updateResidentSettings(resident.id, settings);
        assert.deepEqual(updated.settings, settings);
        assert.deepEqual((await store.getResident(resident.id))?.settings, settings);

        const moved = await store.updateResident(resident.id, { postcode: 'SW1A 1AA', phoneUri: null });
        assert.equal(moved.postcode, 'SW1A 1AA');
        assert.equal(moved.phoneUri, null);
        assert.equal(moved.name, 'Margaret');

        await rejectsWith(store.updateResidentSettings(resident.id + 1000, settings), 'not-found');
        await rejectsWith(store.updateResident(resident.id + 1000, { name: 'Nobody' }), 'not-found');
        const invalid = { ...settings, withheld: 'shout' } as unknown as ResidentSettings;
        await rejectsWith(store.updateResidentSettings(resident.id, invalid), 'invalid');
        assert.deepEqual((await store.getResident(resident.id))?.settings, settings);
      }));

    test('keeps a contact’s resident link and removes it with the resident', () =>
      withStore(async (store) => {
        const resident = await store.addResident(aResident());
        const contact = await store.addContact({
          residentId: resident.id,
          number: e164('+447700900123'),
          name: 'Susan',
        });
        assert.equal(contact.residentId, resident.id);
        assert.ok(contact.createdAt instanceof Date);
        assert.deepEqual(await store.findContact(resident.id, e164('+447700900123')), contact);
        assert.deepEqual(await store.listContacts(resident.id), [contact]);

        const duplicate = store.addContact({ residentId: resident.id, number: e164('+447700900123'), name: 'Again' });
        assert.match((await rejectsWith(duplicate, 'conflict')).message, /\+447700900123 already exists/);
        assert.deepEqual(await store.listContacts(resident.id), [contact]);
        const orphan = store.addContact({ residentId: resident.id + 1000, number: e164('+447700900123'), name: 'X' });
        assert.match((await rejectsWith(orphan, 'not-found')).message, /resident \d+ does not exist/);

        assert.equal(await store.removeResident(resident.id), true);
        assert.equal(await store.removeResident(resident.id), false);
        assert.equal(await store.findContact(resident.id, e164('+447700900123')), null);
        assert.deepEqual(await collect(store.iterateContacts()), []);
      }));

    test('keeps one SIP digest HA1 per resident, replaced on reset and removed with the resident', () =>
      withStore(async (store) => {
        const resident = await store.addResident(aResident());
        assert.equal(await store.getSipCredential(resident.id), null);
        const first = 'a'.repeat(32);
        const second = '0123456789abcdef0123456789abcdef';
        assert.equal(await store.setSipCredential(resident.id, first), true);
        const stored = await store.getSipCredential(resident.id);
        assert.equal(stored?.ha1, first);
        assert.equal(stored?.residentId, resident.id);
        assert.ok(stored?.updatedAt instanceof Date && !Number.isNaN(stored.updatedAt.getTime()));
        assert.equal(await store.setSipCredential(resident.id, second), true);
        assert.equal((await store.getSipCredential(resident.id))?.ha1, second);
        assert.equal(await store.setSipCredential(resident.id + 1000, first), false);
        await assert.rejects(store.setSipCredential(resident.id, 'plain-text password'), TypeError);
        assert.equal(await store.removeResident(resident.id), true);
        assert.equal(await store.getSipCredential(resident.id), null);
      }));

    test('removes a contact and says whether there was one', () =>
      withStore(async (store) => {
        const resident = await store.addResident(aResident());
        await store.addContact({ residentId: resident.id, number: e164('+447700900123'), name: 'Susan' });
        assert.equal(await store.removeContact(resident.id, e164('+447700900123')), true);
        assert.equal(await store.removeContact(resident.id, e164('+447700900123')), false);
        assert.deepEqual(await store.listContacts(resident.id), []);
      }));

    test('blocks a number for everyone or one resident and refreshes the reason of a repeated block', () =>
      withStore(async (store) => {
        const resident = await store.addResident(aResident());
        const caller = e164('+442079460000');
        const global = await store.addBlock({
          number: caller,
          reason: 'courier fraud',
          source: 'analyst',
          residentId: null,
        });
        const own = await store.addBlock({
          number: caller,
          reason: 'rang at night',
          source: 'carer',
          residentId: resident.id,
        });
        assert.notEqual(global.id, own.id);

        const refreshed = await store.addBlock({
          number: caller,
          reason: 'courier fraud, confirmed',
          source: 'campaign',
          residentId: null,
        });
        assert.equal(refreshed.id, global.id);
        assert.equal(refreshed.reason, 'courier fraud, confirmed');
        assert.equal(refreshed.source, 'campaign');
        assert.equal((await store.listBlocks()).length, 2);

        assert.equal((await store.findBlock(caller, resident.id))?.id, own.id);
        assert.equal((await store.findBlock(caller, null))?.id, global.id);
        assert.equal((await store.findBlock(caller, resident.id + 1000))?.id, global.id);
        assert.equal(await store.findBlock(e164('+442079460001'), resident.id), null);
        assert.deepEqual(
          (await store.listBlocks({ residentId: null })).map((block) => block.id),
          [global.id],
        );
        assert.deepEqual(
          (await store.listBlocks({ residentId: resident.id })).map((block) => block.id),
          [own.id],
        );

        assert.equal(await store.removeBlock(caller, null), true);
        assert.equal(await store.removeBlock(caller, null), false);
        assert.equal((await store.findBlock(caller, resident.id))?.id, own.id);
        assert.equal(await store.findBlock(caller, null), null);

        await store.removeResident(resident.id);
        assert.deepEqual(await store.listBlocks(), []);
        await rejectsWith(
          store.addBlock({ number: caller, reason: 'x', source: 'keypad', residentId: resident.id }),
          'not-found',
        );
      }));

    test('imports the Do-Not-Originate list, updating numbers already on it', () =>
      withStore(async (store) => {
        const first = await store.importDno([
          { number: e164('+448000000001'), owner: 'HMRC', extra: { list: 'ofcom' } },
          { number: e164('+448000000002'), owner: null, extra: {} },
          { number: e164('+448000000003'), owner: 'Barclays', extra: {} },
        ]);
        assert.deepEqual(first, { imported: 3, updated: 0 });
        const second = await store.importDno([
          { number: e164('+448000000001'), owner: 'HM Revenue & Customs', extra: { list: 'ofcom', row: '7' } },
          { number: e164('+448000000004'), owner: 'Lloyds', extra: {} },
          { number: e164('+448000000004'), owner: 'Lloyds Bank', extra: {} },
        ]);
        assert.deepEqual(second, { imported: 1, updated: 1 });
        assert.deepEqual(await store.importDno([]), { imported: 0, updated: 0 });

        const hmrc = await store.findDno(e164('+448000000001'));
        assert.equal(hmrc?.owner, 'HM Revenue & Customs');
        assert.deepEqual(hmrc?.extra, { list: 'ofcom', row: '7' });
        assert.ok(hmrc?.importedAt instanceof Date);
        assert.equal((await store.findDno(e164('+448000000004')))?.owner, 'Lloyds Bank');
        assert.equal(await store.findDno(e164('+448000000009')), null);
        assert.deepEqual(
          (await store.listDno({ limit: 2, offset: 1 })).map((entry) => entry.number),
          ['+448000000002', '+448000000003'],
        );
      }));

    test('imports a 100,000-number list in one transaction and pages through it 10,000 at a time', () =>
      withStore(async (store) => {
        const entries = Array.from({ length: 100_000 }, (_, index) => ({
          number: e164(`+4480${String(index).padStart(8, '0')}`),
          owner: index % 2 === 0 ? 'Bank' : null,
          extra: {},
        }));
        const startedAt = performance.now();
        assert.deepEqual(await store.importDno(entries), { imported: 100_000, updated: 0 });
        const seconds = (performance.now() - startedAt) / 1000;
        assert.ok(seconds < 30, `the import took ${seconds.toFixed(1)} s`);
        const pages = await collect(store.iterateDno());
        assert.deepEqual(
          pages.map((page) => page.length),
          Array(10).fill(10_000),
        );
        assert.equal(new Set(pages.flat().map((entry) => entry.number)).size, 100_000);
        assert.equal((await store.changesSince(0, 200_000)).length, 100_000);
      }));

    test('files reports and filters them by time, area, type and number', () =>
      withStore(async (store) => {
        const bishops = await store.addResident(aResident({ postcode: 'CM23 2AB' }));
        const london = await store.addResident(aResident({ number: e164('+442071234567'), postcode: 'sw1a' }));
        const day = (n: number) => new Date(Date.UTC(2025, 0, n, 12));
        const courier = await store.addReport(
          aReport({ residentId: bishops.id, at: day(1), lossPence: 250_000, text: 'said he was police', callId: 'c1' }),
        );
        const vouchers = await store.addReport(aReport({ residentId: london.id, at: day(5), type: 'vouchers' }));
        const anonymous = await store.addReport(
          aReport({ number: null, presented: 'anonymous', reporterKind: 'anonymous', reporter: 'web', at: day(9) }),
        );

        assert.deepEqual(courier, {
          ...aReport({ residentId: bishops.id, lossPence: 250_000, text: 'said he was police', callId: 'c1' }),
          id: courier.id,
          status: 'open',
          createdAt: day(1),
        });
        const ids = (reports: { id: number }[]) => reports.map((report) => report.id);
        assert.deepEqual(ids(await store.listReports()), [anonymous.id, vouchers.id, courier.id]);
        assert.deepEqual(ids(await store.listReports({ since: day(5) })), [anonymous.id, vouchers.id]);
        assert.deepEqual(ids(await store.listReports({ until: day(5) })), [courier.id]);
        assert.deepEqual(ids(await store.listReports({ since: day(2), until: day(9) })), [vouchers.id]);
        assert.deepEqual(ids(await store.listReports({ area: 'CM23' })), [courier.id]);
        assert.deepEqual(ids(await store.listReports({ area: 'sw1a' })), [vouchers.id]);
        assert.deepEqual(ids(await store.listReports({ area: 'CM2' })), []);
        assert.deepEqual(ids(await store.listReports({ type: 'vouchers' })), [vouchers.id]);
        assert.deepEqual(ids(await store.listReports({ number: e164('+442079460000'), limit: 1 })), [vouchers.id]);
        assert.deepEqual(ids(await store.reportsForNumber(e164('+442079460000'))), [courier.id, vouchers.id]);

        const confirmed = await store.setReportStatus(courier.id, 'confirmed');
        assert.equal(confirmed?.status, 'confirmed');
        assert.equal(await store.setReportStatus(courier.id + 1000, 'rejected'), null);

        await store.removeResident(bishops.id);
        const kept = (await store.reportsForNumber(e164('+442079460000')))[0];
        assert.equal(kept?.id, courier.id);
        assert.equal(kept?.residentId, null);
        await rejectsWith(store.addReport(aReport({ lossPence: 1.5 })), 'invalid');
      }));

    test('records a call with its decision and sets how it ended', () =>
      withStore(async (store) => {
        const resident = await store.addResident(aResident());
        const call = {
          callId: 'a84b4c76e66710@pbx',
          residentId: resident.id,
          presented: 'sip:+442079460000@trunk',
          number: e164('+442079460000'),
          at: new Date('2025-03-01T09:30:00.123Z'),
          action: 'block' as const,
          risk: 0.95,
          reasons: [{ code: 'blocked-number' as const, text: 'This number is on the block list: courier fraud.' }],
          outcome: null,
        };
        await store.recordCall(call);
        assert.deepEqual(await store.getCall(call.callId), call);
        await rejectsWith(store.recordCall({ ...call, risk: 0 }), 'conflict');
        assert.equal((await store.getCall(call.callId))?.risk, 0.95);

        await store.setCallOutcome(call.callId, 'rejected');
        assert.equal((await store.getCall(call.callId))?.outcome, 'rejected');
        await rejectsWith(store.setCallOutcome('no-such-call', 'answered'), 'not-found');
        assert.equal(await store.getCall('no-such-call'), null);

        const later = {
          ...call,
          callId: 'later',
          at: new Date('2025-03-02T10:00:00Z'),
          residentId: null,
          number: null,
        };
        await store.recordCall(later);
        const callIds = (calls: { callId: string }[]) => calls.map((each) => each.callId);
        assert.deepEqual(callIds(await store.listCalls()), ['later', call.callId]);
        assert.deepEqual(callIds(await store.listCalls({ residentId: resident.id })), [call.callId]);
        assert.deepEqual(callIds(await store.listCalls({ since: new Date('2025-03-02T00:00:00Z') })), ['later']);
        assert.deepEqual(callIds(await store.listCalls({ until: new Date('2025-03-02T00:00:00Z') })), [call.callId]);
        assert.deepEqual(callIds(await store.listCalls({ limit: 1 })), ['later']);
      }));

    test('writes a batch of call records and outcomes in one go, keeping a record already written', () =>
      withStore(async (store) => {
        await store.recordCall(aCallRecord('first'));
        await store.writeCallLog({
          records: [aCallRecord('first'), ...Array.from({ length: 600 }, (_, i) => aCallRecord(`batch-${i}`))],
          outcomes: [
            { callId: 'first', outcome: 'answered' },
            { callId: 'batch-599', outcome: 'voicemail left' },
          ],
        });
        assert.equal((await store.listCalls({ limit: 1000 })).length, 601);
        assert.equal((await store.getCall('first'))?.outcome, 'answered');
        assert.equal((await store.getCall('batch-599'))?.outcome, 'voicemail left');
        assert.equal((await store.getCall('batch-0'))?.outcome, null, 'calls without an outcome keep none');
      }));

    test('a record written again with an outcome keeps what was written and takes the outcome', () =>
      withStore(async (store) => {
        const call = aCallRecord('again');
        await store.recordCall(call);
        await store.writeCallLog({ records: [{ ...call, risk: 0.9, outcome: 'rejected' }], outcomes: [] });
        const stored = await store.getCall('again');
        assert.equal(stored?.outcome, 'rejected');
        assert.equal(stored?.risk, 0.3, 'the first record stands');
        await store.writeCallLog({ records: [call], outcomes: [] });
        assert.equal(
          (await store.getCall('again'))?.outcome,
          'rejected',
          'a record without an outcome keeps the one stored',
        );
      }));

    test('writes hundreds of outcomes in one batch, each to its own call, leaving other calls alone', () =>
      withStore(async (store) => {
        const records = Array.from({ length: 700 }, (_, i) =>
          aCallRecord(`c-${i}`, { action: 'ring', risk: 0, reasons: [] }),
        );
        await store.writeCallLog({ records, outcomes: [] });
        const outcomes = records.slice(0, 600).map(({ callId }, i) => ({ callId, outcome: `ended after ${i} s` }));
        await store.writeCallLog({ records: [], outcomes });
        assert.equal((await store.getCall('c-0'))?.outcome, 'ended after 0 s');
        assert.equal((await store.getCall('c-250'))?.outcome, 'ended after 250 s');
        assert.equal((await store.getCall('c-599'))?.outcome, 'ended after 599 s');
        assert.equal((await store.getCall('c-600'))?.outcome, null);
      }));

    test('stores only a hash of a token’s secret and finds the token by its secret', () =>
      withStore(async (store) => {
        const { token, secret } = await store.createToken({ name: 'carer app', role: 'carer', residentIds: [3, 7] });
        assert.match(secret, /^cw_[A-Za-z0-9_-]{32}$/);
        assert.deepEqual(await store.findTokenBySecret(secret), token);
        assert.deepEqual(token.residentIds, [3, 7]);
        assert.equal(await store.findTokenBySecret(`${secret}x`), null);
        assert.equal(await store.findTokenBySecret(''), null);
        const other = await store.createToken({ name: 'admin', role: 'admin', residentIds: [] });
        assert.notEqual(other.secret, secret);
      }));

    test('lists tokens without secrets, revokes one so its secret is refused at once, and notes when each was used', () =>
      withStore(async (store) => {
        const carer = await store.createToken({ name: 'Sarah', role: 'carer', residentIds: [3] });
        const admin = await store.createToken({ name: 'Operator', role: 'admin', residentIds: [] });
        const listed = await store.listTokens();
        assert.deepEqual(
          listed.map((t) => [t.name, t.role, t.residentIds, t.lastUsedAt, t.revokedAt]),
          [
            ['Sarah', 'carer', [3], null, null],
            ['Operator', 'admin', [], null, null],
          ],
        );
        assert.ok(!JSON.stringify(listed).includes(carer.secret), 'no secret in the list');
        assert.deepEqual(await store.findTokenBySecret(carer.secret), carer.token);
        const used = await store.getToken(carer.token.id);
        assert.ok(used?.lastUsedAt instanceof Date, 'the use is noted');

        const revokedAt = new Date('2026-08-01T10:00:00Z');
        const revoked = await store.revokeToken(carer.token.id, revokedAt);
        assert.deepEqual(revoked?.revokedAt, revokedAt);
        assert.equal(await store.findTokenBySecret(carer.secret), null, 'a revoked token is refused');
        assert.deepEqual(
          (await store.revokeToken(carer.token.id, new Date('2026-09-01T00:00:00Z')))?.revokedAt,
          revokedAt,
          'revoking again keeps the first time',
        );
        assert.equal(await store.revokeToken(admin.token.id + 100), null);
        assert.deepEqual(
          (await store.listTokens({ activeOnly: true })).map((t) => t.name),
          ['Operator'],
        );
        assert.deepEqual(await store.findTokenBySecret(admin.secret), admin.token);
      }));

    test('lists residents by postcode district', () =>
      withStore(async (store) => {
        const margaret = await store.addResident(aResident({ postcode: 'CM23 2AB' }));
        const arthur = await store.addResident(aResident({ number: e164('+441279555002'), postcode: 'CM23' }));
        await store.addResident(aResident({ number: e164('+441279555003'), postcode: 'CM2 1AA' }));
        await store.addResident(aResident({ number: e164('+441279555004'), postcode: null }));
        assert.deepEqual(
          (await store.listResidents({ districts: ['cm23'] })).map((r) => r.id),
          [margaret.id, arthur.id],
        );
        assert.deepEqual(await store.listResidents({ districts: [] }), []);
      }));

    test('records a campaign warning once per campaign and resident', () =>
      withStore(async (store) => {
        const at = new Date('2026-08-01T21:00:00Z');
        assert.equal(
          await store.recordCampaignWarning({
            campaignId: 4,
            residentId: 9,
            district: 'SG23',
            messages: 2,
            warnedAt: at,
          }),
          true,
        );
        assert.equal(
          await store.recordCampaignWarning({ campaignId: 4, residentId: 9, district: 'SG23', messages: 5 }),
          false,
        );
        assert.equal(
          await store.recordCampaignWarning({ campaignId: 5, residentId: 9, district: 'SG23', messages: 0 }),
          true,
        );
        assert.deepEqual(await store.listCampaignWarnings({ campaignId: 4 }), [
          { campaignId: 4, residentId: 9, district: 'SG23', messages: 2, warnedAt: at },
        ]);
        assert.equal((await store.listCampaignWarnings({ residentId: 9 })).length, 2);
      }));

    test('appends a fact change with every change to screening facts, in order', () =>
      withStore(async (store) => {
        assert.equal(await store.latestChange(), 0);
        const resident = await store.addResident(aResident());
        await store.updateResidentSettings(resident.id, { ...defaultResidentSettings, withheld: 'block' });
        await store.updateResident(resident.id, { name: 'Maggie' });
        await store.addContact({ residentId: resident.id, number: e164('+447700900123'), name: 'Susan' });
        await store.removeContact(resident.id, e164('+447700900123'));
        await store.addBlock({ number: e164('+442079460000'), reason: 'scam', source: 'admin', residentId: null });
        await store.removeBlock(e164('+442079460000'), null);
        await store.importDno([{ number: e164('+448000000001'), owner: null, extra: {} }]);
        const report = await store.addReport(aReport({ residentId: resident.id }));
        await store.setReportStatus(report.id, 'rejected');
        await store.recordCall({
          callId: 'not-a-fact',
          residentId: resident.id,
          presented: 'anonymous',
          number: null,
          at: new Date(),
          action: 'screen',
          risk: 0.45,
          reasons: [],
          outcome: null,
        });
        await store.removeResident(resident.id);

        const changes = await store.changesSince(0);
        assert.deepEqual(
          changes.map(({ kind, number, residentId }) => [kind, number, residentId]),
          [
            ['resident', '+441279555001', resident.id],
            ['resident', '+441279555001', resident.id],
            ['resident', '+441279555001', resident.id],
            ['contact', '+447700900123', resident.id],
            ['contact', '+447700900123', resident.id],
            ['block', '+442079460000', null],
            ['block', '+442079460000', null],
            ['dno', '+448000000001', null],
            ['report', '+442079460000', resident.id],
            ['report', '+442079460000', resident.id],
            ['resident', '+441279555001', resident.id],
          ],
        );
        const seqs = changes.map((change) => change.seq);
        assert.deepEqual(
          seqs,
          [...seqs].sort((a, b) => a - b),
        );
        assert.equal(await store.latestChange(), seqs.at(-1));
        const third = seqs[2] ?? 0;
        assert.deepEqual(
          (await store.changesSince(third, 2)).map((change) => change.seq),
          seqs.slice(3, 5),
        );
        assert.deepEqual(await store.changesSince(await store.latestChange()), []);
      }));

    test('writes no fact change when a write fails', () =>
      withStore(async (store) => {
        await store.addResident(aResident());
        const latest = await store.latestChange();
        await rejectsWith(store.addResident(aResident()), 'conflict');
        await rejectsWith(
          store.addContact({ residentId: 999, number: e164('+447700900123'), name: 'Nobody' }),
          'not-found',
        );
        assert.equal(await store.latestChange(), latest);
      }));

    test('pages through residents, contacts, blocks and reports by id', () =>
      withStore(async (store) => {
        const residents = [];
        for (let index = 0; index < 7; index += 1) {
          const resident = await store.addResident(aResident({ number: e164(`+44127955500${index}`) }));
          residents.push(resident);
          await store.addContact({ residentId: resident.id, number: e164('+447700900123'), name: 'Susan' });
          await store.addBlock({
            number: e164('+442079460000'),
            reason: 'scam',
            source: 'resident',
            residentId: resident.id,
          });
          await store.addReport(aReport({ residentId: resident.id }));
        }
        const sizes = (pages: unknown[][]) => pages.map((page) => page.length);
        const residentPages = await collect(store.iterateResidents(3));
        assert.deepEqual(sizes(residentPages), [3, 3, 1]);
        assert.deepEqual(residentPages.flat(), residents);
        assert.deepEqual(sizes(await collect(store.iterateContacts(3))), [3, 3, 1]);
        assert.deepEqual(sizes(await collect(store.iterateBlocks(7))), [7]);
        assert.deepEqual(sizes(await collect(store.iterateReports(2))), [2, 2, 2, 1]);
        assert.deepEqual(sizes(await collect(store.iterateDno(2))), []);
        await assert.rejects(collect(store.iterateResidents(0)), StoreError);
      }));

    test('saves a campaign with its numbers, replaces it by id, and lists it by status, key, number and time', () =>
      withStore(async (store) => {
        const campaign = {
          key: 'number:+442079460001',
          kind: 'number' as const,
          status: 'active' as const,
          response: 'block' as const,
          start: new Date('2026-01-15T22:05:00Z'),
          end: new Date('2026-01-15T22:48:00Z'),
          numbers: [e164('+442079460001')],
          residentsReached: 3,
          districts: ['CM23'],
          calls: 3,
          flaggedCalls: 1,
          flaggedShare: 0.333,
          reason: 'One number reached 3 residents',
          explanations: ['because'],
        };
        const saved = await store.saveCampaign(campaign);
        assert.equal(typeof saved.id, 'number');
        assert.deepEqual(
          { ...saved, id: 0, createdAt: null, updatedAt: null },
          {
            ...campaign,
            id: 0,
            createdAt: null,
            updatedAt: null,
          },
        );
        const grown = await store.saveCampaign({
          ...campaign,
          id: saved.id,
          numbers: [e164('+442079460002'), e164('+442079460001')],
          residentsReached: 4,
        });
        assert.deepEqual(grown.numbers, ['+442079460001', '+442079460002']);
        assert.equal(grown.residentsReached, 4);
        assert.deepEqual(
          (await store.listCampaigns({ statuses: ['active'] })).map((c) => c.id),
          [saved.id],
        );
        assert.deepEqual(await store.listCampaigns({ statuses: ['ended', 'dismissed'] }), []);
        assert.equal((await store.listCampaigns({ key: 'number:+442079460001' })).length, 1);
        assert.equal((await store.listCampaigns({ number: e164('+442079460002') })).length, 1);
        assert.equal((await store.listCampaigns({ since: new Date('2026-01-16T00:00:00Z') })).length, 0);
        assert.equal((await store.listCampaigns({ until: new Date('2026-01-15T22:00:00Z') })).length, 0);
        assert.equal((await store.setCampaignStatus(saved.id, 'dismissed'))?.status, 'dismissed');
        assert.equal(await store.setCampaignStatus(saved.id + 100, 'dismissed'), null);
        assert.equal(await store.getCampaign(saved.id + 100), null);
        await rejectsWith(store.saveCampaign({ ...campaign, id: saved.id + 100 }), 'not-found');
        await rejectsWith(store.setCampaignStatus(saved.id, 'maybe' as 'active'), 'invalid');
      }));

    test('appends audit entries with before and after, and lists them newest first by number and action', () =>
      withStore(async (store) => {
        const first = await store.addAuditEntry({
          actor: 'token:4',
          actorName: 'Analyst Ann',
          action: 'number.confirm',
          number: e164('+442079460001'),
          campaignId: null,
          before: { blocked: null },
          after: { blocked: { source: 'analyst' } },
          reason: 'courier fraud',
          at: new Date('2026-01-15T10:00:00Z'),
        });
        assert.deepEqual(first.after, { blocked: { source: 'analyst' } });
        await store.addAuditEntry({
          actor: 'cli',
          actorName: null,
          action: 'number.clear',
          number: e164('+442079460001'),
          campaignId: null,
          before: null,
          after: null,
          reason: 'the GP surgery',
          at: new Date('2026-01-15T11:00:00Z'),
        });
        await store.addAuditEntry({
          actor: 'campaign-watch',
          actorName: null,
          action: 'campaign.detected',
          number: null,
          campaignId: 7,
          before: null,
          after: { status: 'active' },
          reason: null,
        });
        const all = await store.listAudit();
        assert.deepEqual(
          all.map((entry) => entry.action),
          ['campaign.detected', 'number.clear', 'number.confirm'],
        );
        assert.equal(all[1]?.before, null);
        assert.equal((await store.listAudit({ number: e164('+442079460001') })).length, 2);
        assert.equal((await store.listAudit({ actions: ['number.confirm'] }))[0]?.actorName, 'Analyst Ann');
        assert.equal((await store.listAudit({ campaignId: 7 })).length, 1);
        assert.equal((await store.listAudit({ until: new Date('2026-01-15T10:30:00Z') })).length, 1);
        assert.equal((await store.listAudit({ limit: 1 })).length, 1);
      }));

    test('counts calls per decision in a period and a postcode district, and finds contacts by number', () =>
      withStore(async (store) => {
        const margaret = await store.addResident(aResident());
        const arthur = await store.addResident(aResident({ number: e164('+441279555002'), postcode: 'SG1 1AA' }));
        await store.addContact({ residentId: arthur.id, number: e164('+447700900123'), name: 'Susan' });
        const call = (callId: string, residentId: number, action: 'block' | 'ring', at: string) => ({
          callId,
          residentId,
          presented: '02079460001',
          number: e164('+442079460001'),
          at: new Date(at),
          action,
          risk: 0.9,
          reasons: [],
          outcome: null,
        });
        await store.writeCallLog({
          records: [
            call('a', margaret.id, 'block', '2026-01-15T10:00:00Z'),
            call('b', margaret.id, 'block', '2026-01-15T11:00:00Z'),
            call('c', arthur.id, 'ring', '2026-01-15T12:00:00Z'),
            call('d', arthur.id, 'block', '2026-02-15T12:00:00Z'),
          ],
          outcomes: [],
        });
        assert.deepEqual(await store.countCalls(), { ring: 1, screen: 0, voicemail: 0, block: 3 });
        assert.deepEqual(await store.countCalls({ area: 'cm23' }), { ring: 0, screen: 0, voicemail: 0, block: 2 });
        assert.deepEqual(
          await store.countCalls({ since: new Date('2026-01-15T10:30:00Z'), until: new Date('2026-02-01') }),
          {
            ring: 1,
            screen: 0,
            voicemail: 0,
            block: 1,
          },
        );
        assert.deepEqual(
          (await store.contactsWithNumber(e164('+447700900123'))).map((contact) => contact.residentId),
          [arthur.id],
        );
        assert.deepEqual(await store.contactsWithNumber(e164('+447700900999')), []);
      }));

    test('queues each notification key once and leases due notifications to one dispatcher at a time', () =>
      withStore(async (store) => {
        const t0 = new Date('2026-03-01T10:00:00Z');
        const item = (key: string, at = t0) => ({
          key,
          channel: 'webhook' as const,
          callId: 'call-1',
          residentId: null,
          payload: { url: 'http://127.0.0.1/hook', body: { event: 'call.alert' } },
          at,
        });
        const queued = await store.enqueueNotifications([
          item('call-1:alert:webhook'),
          item('call-1:alert:later', new Date('2026-03-01T11:00:00Z')),
        ]);
        assert.deepEqual(
          queued.map((n) => [n.key, n.status, n.attempts]),
          [
            ['call-1:alert:webhook', 'pending', 0],
            ['call-1:alert:later', 'pending', 0],
          ],
        );
        assert.deepEqual(queued[0]?.payload, { url: 'http://127.0.0.1/hook', body: { event: 'call.alert' } });
        assert.deepEqual(await store.enqueueNotifications([item('call-1:alert:webhook')]), [], 'a key is queued once');

        const lease = new Date('2026-03-01T10:01:00Z');
        const claimed = await store.claimDueNotifications(t0, lease, 10);
        assert.deepEqual(
          claimed.map((n) => n.key),
          ['call-1:alert:webhook'],
        );
        assert.deepEqual(
          await store.claimDueNotifications(t0, lease, 10),
          [],
          'a leased notification is not handed out twice',
        );
        const id = claimed[0]?.id ?? 0;

        const retry = new Date('2026-03-01T10:00:05Z');
        const failed = await store.recordNotificationAttempt(id, {
          status: 'pending',
          error: 'HTTP 500',
          nextAttemptAt: retry,
        });
        assert.equal(failed?.attempts, 1);
        assert.equal(failed?.lastError, 'HTTP 500');
        assert.equal(failed?.nextAttemptAt.toISOString(), retry.toISOString());
        assert.deepEqual(await store.claimDueNotifications(t0, lease, 10), [], 'not due before its retry time');
        const again = await store.claimDueNotifications(retry, new Date('2026-03-01T10:02:00Z'), 10);
        assert.deepEqual(
          again.map((n) => n.id),
          [id],
        );
        const sent = await store.recordNotificationAttempt(id, { status: 'sent' });
        assert.equal(sent?.status, 'sent');
        assert.equal(sent?.attempts, 2);
        assert.equal(sent?.lastError, null);
        assert.deepEqual(
          (await store.listNotifications({ status: 'sent' })).map((n) => n.id),
          [id],
        );
        assert.equal((await store.listNotifications({ callId: 'call-1' })).length, 2);
        assert.equal(await store.recordNotificationAttempt(id + 1000, { status: 'sent' }), null);

        assert.equal(await store.purgeNotifications(new Date(Date.now() + 60_000)), 1, 'only sent and failed ones go');
        assert.deepEqual(
          (await store.listNotifications()).map((n) => n.status),
          ['pending'],
        );
      }));

    test('keeps the evidence of a flagged guarded call until it expires', () =>
      withStore(async (store) => {
        const evidence = {
          callId: 'call-7',
          residentId: null,
          number: e164('+442079460000'),
          presented: '020 7946 0000',
          level: 'alert',
          risk: 0.91,
          stages: ['impersonation', 'credential-ask'],
          reasons: [{ turn: 3, stage: 'credential-ask', text: 'Asked for your PIN.', source: 'pin-ask' }],
          turns: [{ turn: 3, speaker: 'caller' as const, text: 'Read me your PIN.' }],
          flaggedAt: new Date('2026-03-01T10:00:00Z'),
          expiresAt: new Date('2026-05-30T10:00:00Z'),
        };
        await store.saveGuardEvidence(evidence);
        assert.deepEqual(await store.getGuardEvidence('call-7'), evidence);
        await store.saveGuardEvidence({ ...evidence, level: 'end', flaggedAt: new Date('2026-03-01T10:05:00Z') });
        assert.deepEqual(
          await store.getGuardEvidence('call-7'),
          { ...evidence, level: 'end' },
          'replacing keeps when it was first flagged',
        );
        const other = { ...evidence, callId: 'call-8', residentId: 5, flaggedAt: new Date('2026-03-02T10:00:00Z') };
        await store.saveGuardEvidence(other);
        const before = new Date('2026-04-01T00:00:00Z');
        assert.deepEqual(
          (await store.listGuardEvidence({}, before)).map((e) => e.callId),
          ['call-8', 'call-7'],
          'newest first',
        );
        assert.deepEqual(
          (await store.listGuardEvidence({ residentIds: [5] }, before)).map((e) => e.callId),
          ['call-8'],
        );
        assert.deepEqual(await store.listGuardEvidence({ residentIds: [] }, before), []);
        assert.deepEqual(
          await store.listGuardEvidence({}, new Date('2026-06-01T00:00:00Z')),
          [],
          'expired is left out',
        );
        assert.equal(await store.purgeGuardEvidence(new Date('2026-05-30T09:59:59Z')), 0);
        assert.equal(await store.purgeGuardEvidence(new Date('2026-05-30T10:00:00Z')), 2);
        assert.equal(await store.getGuardEvidence('call-7'), null);
      }));
  });
}

storeSuite('SQLite', () => sqliteStores('cw-store-'));

if (databaseUrl) {
  storeSuite('PostgreSQL', () => postgresStores(databaseUrl, 'cw_test'));
} else {
  test('store on PostgreSQL (skipped: set DATABASE_URL to run it)', { skip: 'DATABASE_URL is not set' }, () => {});
}

describe('store on SQLite: the database file', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cw-store-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  let count = 0;
  const aDataDir = () => {
    count += 1;
    return join(root, `data-${count}`, 'nested');
  };

  test('creates the data directory and keeps every write after the store is closed and reopened', async () => {
    const dataDir = aDataDir();
    const store = await openStore({ dataDir });
    const resident = await store.addResident(aResident());
    await store.addContact({ residentId: resident.id, number: e164('+447700900123'), name: 'Susan' });
    await store.importDno([{ number: e164('+448000000001'), owner: 'HMRC', extra: {} }]);
    const latest = await store.latestChange();
    await store.close();
    await store.close();

    const reopened = await openStore({ dataDir });
    try {
      assert.deepEqual(await reopened.getResident(resident.id), resident);
      assert.equal((await reopened.listContacts(resident.id)).length, 1);
      assert.equal((await reopened.findDno(e164('+448000000001')))?.owner, 'HMRC');
      assert.equal(await reopened.latestChange(), latest);
    } finally {
      await reopened.close();
    }
    const raw = new BetterSqlite3(join(dataDir, databaseFileName), { readonly: true });
    try {
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      raw.close();
    }
  });

  test('gives settings that older rows lack their defaults', async () => {
    const dataDir = aDataDir();
    const store = await openStore({ dataDir });
    const resident = await store.addResident(aResident());
    await store.close();
    const raw = new BetterSqlite3(join(dataDir, databaseFileName));
    raw.prepare('update residents set settings = ? where id = ?').run('{"withheld":"block","retired":1}', resident.id);
    raw.close();

    const warnings: string[] = [];
    const reopened = await openStore({ dataDir }, { warn: (_object, message) => warnings.push(message) });
    try {
      const settings = (await reopened.getResident(resident.id))?.settings;
      assert.deepEqual(settings, { ...defaultResidentSettings, withheld: 'block' });
      assert.equal(warnings.length, 1);
    } finally {
      await reopened.close();
    }
  });

  test('refuses a file that is not a database and leaves its bytes unchanged', async () => {
    const dataDir = aDataDir();
    await openStore({ dataDir }).then((store) => store.close());
    const file = join(dataDir, databaseFileName);
    const garbage = randomBytes(8192);
    writeFileSync(file, garbage);

    const error = await rejectsWith(openStore({ dataDir }), 'corrupt');
    assert.match(error.message, /callwarden\.db is not a CallWarden database or is corrupt/);
    assert.ok(error.message.includes(file), error.message);
    assert.deepEqual(readFileSync(file), garbage);
  });

  test('refuses another application’s SQLite database without changing it', async () => {
    const dataDir = aDataDir();
    await openStore({ dataDir, readOnly: false }).then((store) => store.close());
    const file = join(dataDir, databaseFileName);
    rmSync(file);
    const other = new BetterSqlite3(file);
    other.exec('create table songs (title text)');
    other.close();
    const before = readFileSync(file);

    await rejectsWith(openStore({ dataDir }), 'corrupt');
    assert.deepEqual(readFileSync(file), before);
  });

  // Root ignores file modes, so as root the read-only case is the store's own read-only mode.
  const asRoot = process.getuid?.() === 0;

  test('refuses writes to a read-only database and keeps its data', async (context) => {
    const dataDir = aDataDir();
    const store = await openStore({ dataDir });
    const resident = await store.addResident(aResident());
    await store.close();
    const file = join(dataDir, databaseFileName);

    if (asRoot) context.diagnostic('running as root, where chmod does not stop writes: opening with readOnly: true');
    else chmodSync(file, 0o444);
    try {
      const readOnly = await openStore({ dataDir, ...(asRoot ? { readOnly: true } : {}) });
      try {
        assert.deepEqual(await readOnly.getResident(resident.id), resident);
        const error = await rejectsWith(
          readOnly.addResident(aResident({ number: e164('+441279555002') })),
          'read-only',
        );
        assert.ok(error.message.includes(file), error.message);
        await rejectsWith(readOnly.removeResident(resident.id), 'read-only');
        assert.deepEqual(await readOnly.listResidents(), [resident]);
      } finally {
        await readOnly.close();
      }
    } finally {
      chmodSync(file, 0o644);
    }
    const reopened = await openStore({ dataDir });
    try {
      assert.deepEqual(await reopened.listResidents(), [resident]);
    } finally {
      await reopened.close();
    }
  });

  test('refuses a database whose file and folder are both read-only, leaving it intact', {
    skip: asRoot ? 'running as root, where chmod does not stop writes' : false,
  }, async () => {
    const dataDir = aDataDir();
    const store = await openStore({ dataDir });
    const resident = await store.addResident(aResident());
    await store.close();
    const file = join(dataDir, databaseFileName);
    const before = readFileSync(file);
    chmodSync(file, 0o444);
    chmodSync(dataDir, 0o555);
    try {
      // SQLite cannot read a WAL database without creating its -shm file beside it.
      const error = await rejectsWith(openStore({ dataDir }), 'read-only');
      assert.ok(error.message.includes(file), error.message);
    } finally {
      chmodSync(dataDir, 0o755);
      chmodSync(file, 0o644);
    }
    assert.deepEqual(readFileSync(file), before);
    const reopened = await openStore({ dataDir });
    try {
      assert.deepEqual(await reopened.listResidents(), [resident]);
    } finally {
      await reopened.close();
    }
  });

  test('reports a database another process holds locked as locked, then writes once it is free', async () => {
    const dataDir = aDataDir();
    const store = await openStore({ dataDir, busyTimeoutMs: 50 });
    const other = new BetterSqlite3(join(dataDir, databaseFileName));
    try {
      other.exec('begin exclusive');
      const error = await rejectsWith(store.addResident(aResident()), 'locked');
      assert.match(error.message, /locked/);
      other.exec('rollback');
      await store.addResident(aResident());
      assert.equal((await store.listResidents()).length, 1);
    } finally {
      other.close();
      await store.close();
    }
  });

  test('says there is no database when asked to open a missing one read-only', async () => {
    await rejectsWith(openStore({ dataDir: aDataDir(), readOnly: true }), 'not-found');
  });
});

describe('store on PostgreSQL: reaching the server', () => {
  test('reports an unreachable server as unavailable without showing the password', async () => {
    const error = await rejectsWith(
      openStore({ databaseUrl: 'postgres://callwarden:hunter2@127.0.0.1:1/callwarden' }),
      'unavailable',
    );
    assert.match(error.message, /127\.0\.0\.1:1\/callwarden/);
    assert.doesNotMatch(error.message, /hunter2/);
  });

  test('refuses a schema name that could not be used safely', async () => {
    await rejectsWith(openStore({ databaseUrl: 'postgres://127.0.0.1:1/x', schema: 'a; drop' }), 'invalid');
  });
});
