/**
 * The SIP state that survives a restart (migration 0006): REGISTER bindings and clear-line flags, on SQLite and, when
 * DATABASE_URL is set, on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { E164 } from '../numbers/phone-number.js';
import { defaultResidentSettings } from '../residents/resident.js';
import type { ClearLineFlag, SipBindingRecord, Store } from './store.js';
import { postgresStores, sqliteStores, type TestStores, withStore as withFreshStore } from './test-stores.js';

const databaseUrl = process.env.DATABASE_URL;
const at = (iso: string) => new Date(iso);

async function aResident(store: Store, digits: string): Promise<number> {
  const resident = await store.addResident({
    number: `+44127955${digits}` as E164,
    country: 'GB',
    name: `Resident ${digits}`,
    postcode: null,
    phoneUri: null,
    settings: defaultResidentSettings,
  });
  return resident.id;
}

function aBinding(residentId: number, overrides: Partial<SipBindingRecord> = {}): SipBindingRecord {
  return {
    residentId,
    contact: 'sip:441279555001@192.0.2.10:5062;transport=udp',
    source: { transport: 'udp', address: '192.0.2.10', port: 5062 },
    callId: 'reg-1@192.0.2.10',
    cseq: 4_294_967_295,
    registeredAt: at('2026-03-01T10:00:00.000Z'),
    expiresAt: at('2026-03-01T11:00:00.000Z'),
    ...overrides,
  };
}

function sipStateSuite(name: string, { fresh, cleanup }: TestStores) {
  describe(`SIP state on ${name}`, () => {
    after(cleanup);

    const withStore = (work: (store: Store) => Promise<void>) => withFreshStore(fresh, work);

    test('keeps a resident’s bindings, replaces them as a whole, and lists only those still live', () =>
      withStore(async (store) => {
        const rita = await aResident(store, '5011');
        const olive = await aResident(store, '5012');
        const first = aBinding(rita);
        const second = aBinding(rita, {
          contact: 'sip:441279555011@[2001:db8::7]:5070;transport=tcp',
          source: { transport: 'tcp', address: '2001:db8::7', port: 40_001 },
          registeredAt: at('2026-03-01T10:05:00.000Z'),
          expiresAt: at('2026-03-01T10:15:00.000Z'),
        });
        await store.replaceSipBindings(rita, [first, second]);
        await store.replaceSipBindings(olive, [aBinding(olive, { contact: 'sip:olive@192.0.2.11' })]);
        const live = await store.listSipBindings(at('2026-03-01T10:10:00.000Z'));
        assert.deepEqual(
          live.filter((binding) => binding.residentId === rita),
          [first, second],
        );
        assert.equal(live.length, 3);
        // At 10:15 the second binding has expired: it is no longer listed.
        assert.deepEqual(
          (await store.listSipBindings(at('2026-03-01T10:15:00.000Z'))).filter((b) => b.residentId === rita),
          [first],
        );
        await store.replaceSipBindings(rita, []);
        assert.deepEqual(
          (await store.listSipBindings(at('2026-03-01T10:10:00.000Z'))).map((b) => b.residentId),
          [olive],
        );
      }));

    test('ignores bindings and flags of a resident that does not exist, and removes them with the resident', () =>
      withStore(async (store) => {
        const rita = await aResident(store, '5011');
        await store.replaceSipBindings(rita + 100, [aBinding(rita + 100)]);
        await store.setClearLineFlag({
          residentId: rita + 100,
          callId: null,
          why: 'blocked',
          flaggedAt: at('2026-03-01T10:00:00.000Z'),
          expiresAt: at('2026-03-01T10:30:00.000Z'),
        });
        assert.deepEqual(await store.listSipBindings(at('2026-03-01T10:00:00.000Z')), []);
        assert.deepEqual(await store.listClearLineFlags(at('2026-03-01T10:00:00.000Z')), []);
        await store.replaceSipBindings(rita, [aBinding(rita)]);
        await store.setClearLineFlag({
          residentId: rita,
          callId: 'c-1',
          why: 'blocked',
          flaggedAt: at('2026-03-01T10:00:00.000Z'),
          expiresAt: at('2026-03-01T10:30:00.000Z'),
        });
        await store.removeResident(rita);
        assert.deepEqual(await store.listSipBindings(at('2026-03-01T10:00:00.000Z')), []);
        assert.deepEqual(await store.listClearLineFlags(at('2026-03-01T10:00:00.000Z')), []);
      }));

    test('arms the clear line per resident (a later flag replaces the earlier one) until it expires, then purges', () =>
      withStore(async (store) => {
        const rita = await aResident(store, '5011');
        const olive = await aResident(store, '5012');
        const first: ClearLineFlag = {
          residentId: rita,
          callId: 'c-1',
          why: 'blocked',
          flaggedAt: at('2026-03-01T10:00:00.000Z'),
          expiresAt: at('2026-03-01T10:30:00.000Z'),
        };
        const later: ClearLineFlag = {
          residentId: rita,
          callId: 'c-2',
          why: 'ended by the call guard',
          flaggedAt: at('2026-03-01T10:20:00.000Z'),
          expiresAt: at('2026-03-01T10:50:00.000Z'),
        };
        const olives: ClearLineFlag = {
          residentId: olive,
          callId: null,
          why: 'reported',
          flaggedAt: at('2026-03-01T10:00:00.000Z'),
          expiresAt: at('2026-03-01T10:30:00.000Z'),
        };
        await store.setClearLineFlag(first);
        await store.setClearLineFlag(olives);
        assert.deepEqual(await store.listClearLineFlags(at('2026-03-01T10:10:00.000Z')), [first, olives]);
        await store.setClearLineFlag(later);
        assert.deepEqual(await store.listClearLineFlags(at('2026-03-01T10:40:00.000Z')), [later]);
        await store.replaceSipBindings(rita, [aBinding(rita, { expiresAt: at('2026-03-01T10:40:00.000Z') })]);
        assert.equal(await store.purgeSipState(at('2026-03-01T10:45:00.000Z')), 2, "Olive's flag and the binding");
        assert.deepEqual(await store.listClearLineFlags(at('2026-03-01T10:00:00.000Z')), [later]);
        assert.deepEqual(await store.listSipBindings(at('2026-03-01T09:00:00.000Z')), []);
      }));
  });
}

sipStateSuite('SQLite', sqliteStores('cw-sip-state-'));

if (databaseUrl) {
  sipStateSuite('PostgreSQL', postgresStores(databaseUrl, 'cw_sipstate'));
} else {
  test('SIP state on PostgreSQL (skipped: set DATABASE_URL to run it)', { skip: 'DATABASE_URL is not set' }, () => {});
}
