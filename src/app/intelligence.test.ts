import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { E164 } from '../numbers/phone-number.js';
import type { Resident } from '../residents/resident.js';
import { openStore } from '../store/open-store.js';
import { storeLookup } from './facts-lookup.js';
import { createIntelligence } from './intelligence.js';
import { OperationError } from './operation-error.js';
import { createOperations } from './operations.js';

const analyst = { id: 'token:7', name: 'Ann Analyst' };

async function aWorld() {
  const dir = mkdtempSync(join(tmpdir(), 'cw-intel-'));
  const store = await openStore({ dataDir: dir });
  const now = () => new Date('2026-03-01T12:00:00Z');
  const ops = createOperations({ store, region: 'GB', now, lookup: storeLookup(store, now) });
  const intel = createIntelligence({ store, region: 'GB', now });
  const residents: Resident[] = [];
  for (const [i, postcode] of ['CM23 2AB', 'CM23 3CD', 'SG1 1AA'].entries()) {
    residents.push(await ops.addResident({ number: `+44127955500${i + 1}`, name: `Resident ${i + 1}`, postcode }));
  }
  const report = (number: string, resident: Resident, type: string, loss: number, at: string) =>
    store.addReport({
      number: number as E164,
      presented: number,
      residentId: resident.id,
      reporter: `resident:${resident.id}`,
      reporterKind: 'verified-resident',
      type: type as 'other',
      lossPence: loss * 100,
      text: null,
      callId: null,
      at: new Date(at),
    });
  return {
    store,
    ops,
    intel,
    residents: residents as [Resident, Resident, Resident],
    report,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('analyst verdicts on numbers', () => {
  test('confirming a number blocks it for everyone, confirms its reports and records who, what, before and after', async () => {
    const w = await aWorld();
    try {
      await w.report('+442079460001', w.residents[0], 'courier-fraud', 0, '2026-02-28T10:00:00Z');
      const result = await w.intel.confirmNumber('020 7946 0001', 'courier fraud ring', analyst);
      assert.equal(result.number, '+442079460001');
      assert.equal(result.before.blocked, null);
      assert.deepEqual(result.after.blocked, {
        source: 'analyst',
        reason: 'confirmed by an analyst: courier fraud ring',
      });
      assert.deepEqual(result.after.reports, { open: 0, confirmed: 1, rejected: 0 });
      const decision = await w.ops.decide({ from: '02079460001', to: w.residents[2].number });
      assert.equal(decision.decision.action, 'block');
      const [entry] = await w.intel.listAudit({ number: '+442079460001' as E164 });
      assert.equal(entry?.action, 'number.confirm');
      assert.equal(entry?.actor, 'token:7');
      assert.equal(entry?.actorName, 'Ann Analyst');
      assert.equal(entry?.reason, 'courier fraud ring');
      assert.deepEqual(entry?.before, result.before);
      assert.deepEqual(entry?.after, result.after);
    } finally {
      await w.close();
    }
  });

  test('clearing a number unblocks it, sets its reports aside and is audited; campaigns then leave it alone', async () => {
    const w = await aWorld();
    try {
      for (const resident of w.residents) {
        await w.report('+442079460002', resident, 'other', 0, '2026-02-28T10:00:00Z');
      }
      await w.intel.confirmNumber('+442079460002', 'looked like a scam', analyst);
      const result = await w.intel.clearNumber('+442079460002', 'it is the surgery', { id: 'cli', name: null });
      assert.equal(result.before.verdict, 'scam');
      assert.equal(result.after.blocked, null);
      assert.equal(result.after.verdict, 'clean');
      assert.deepEqual(result.after.reports, { open: 0, confirmed: 0, rejected: 3 });
      assert.equal((await w.ops.decide({ from: '02079460002', to: w.residents[0].number })).decision.action, 'screen');
      assert.deepEqual(
        (await w.intel.listAudit()).map((entry) => [entry.action, entry.actor]),
        [
          ['number.clear', 'cli'],
          ['number.confirm', 'token:7'],
        ],
      );
      assert.equal(await w.intel.campaignBlockExemption('+442079460002' as E164), 'an analyst cleared it');
    } finally {
      await w.close();
    }
  });

  test('refuses verdicts without a reason or on a short code, naming the field', async () => {
    const w = await aWorld();
    try {
      await assert.rejects(w.intel.confirmNumber('+442079460001', '', analyst), /reason is required/);
      await assert.rejects(w.intel.clearNumber('999', 'x', analyst), /short code/);
      await assert.rejects(w.intel.confirmNumber('call me', 'x', analyst), OperationError);
      assert.deepEqual(await w.intel.listAudit(), []);
    } finally {
      await w.close();
    }
  });
});

describe('numbers reports cannot block', () => {
  test('rings a trusted contact through although many residents reported it, and says why', async () => {
    const w = await aWorld();
    try {
      const daughter = '+447911123456';
      await w.ops.addContact({ resident: w.residents[0], number: daughter, name: 'Daughter Sarah' });
      for (const resident of w.residents) await w.report(daughter, resident, 'other', 0, '2026-02-28T10:00:00Z');
      const shown = await w.ops.showNumber(daughter);
      assert.equal(shown.reputation.verdict, 'scam');
      const decision = await w.ops.decide({ from: daughter, to: w.residents[0].number });
      assert.equal(decision.decision.action, 'ring');
      assert.equal(decision.decision.reasons[0]?.code, 'trusted-contact');
      const notes = await w.intel.protectionNotes(daughter);
      assert.match(notes[0] ?? '', /trusted contact of one resident: they are always rung through/);
    } finally {
      await w.close();
    }
  });

  test('explains that a number on the Do-Not-Originate list is blocked as spoofed, not because of reports', async () => {
    const w = await aWorld();
    try {
      await w.ops.importDnoCsv('number,owner\n+443001234567,Big Bank\n');
      const protection = await w.intel.protection('+443001234567' as E164);
      assert.equal(protection.doNotOriginate, true);
      assert.match(protection.notes[0] ?? '', /Do-Not-Originate list: calls showing it are blocked as spoofed/);
      assert.deepEqual((await w.intel.protection('+442079460009' as E164)).notes, []);
    } finally {
      await w.close();
    }
  });
});

describe('published figures', () => {
  test('counts reports and losses by type, month and area, top numbers, calls and campaigns', async () => {
    const w = await aWorld();
    try {
      const [cm1, cm2, sg] = w.residents;
      await w.report('+442079460001', cm1, 'courier-fraud', 2500, '2026-01-10T10:00:00Z');
      await w.report('+442079460001', cm2, 'courier-fraud', 0, '2026-01-11T10:00:00Z');
      await w.report('+442079460003', sg, 'vouchers', 300.5, '2026-02-02T10:00:00Z');
      const rejected = await w.report('+442079460004', sg, 'other', 99, '2026-02-03T10:00:00Z');
      await w.store.setReportStatus(rejected.id, 'rejected');
      await w.ops.screen({ from: '02079460001', to: cm1.number, at: new Date('2026-01-12T10:00:00Z') });
      await w.ops.screen({ from: '07911123456', to: sg.number, at: new Date('2026-01-12T11:00:00Z') });

      const all = await w.intel.figures();
      assert.equal(all.reports.reports, 3);
      assert.equal(all.reports.lossPounds, 2800.5);
      assert.deepEqual(all.reports.byType, [
        { type: 'courier-fraud', reports: 2, lossPounds: 2500 },
        { type: 'vouchers', reports: 1, lossPounds: 300.5 },
      ]);
      assert.deepEqual(all.reports.byMonth, [
        { month: '2026-01', reports: 2, lossPounds: 2500 },
        { month: '2026-02', reports: 1, lossPounds: 300.5 },
      ]);
      assert.deepEqual(all.reports.byArea, [
        { area: 'CM23', reports: 2, lossPounds: 2500 },
        { area: 'SG1', reports: 1, lossPounds: 300.5 },
      ]);
      assert.deepEqual(all.topReportedNumbers[0], {
        number: '+442079460001',
        distinctReporters: 2,
        reports: 2,
        lossPounds: 2500,
      });
      assert.equal(all.calls.total, 2);
      assert.equal(all.campaigns.total, 0);

      const sgFeb = await w.intel.figures({ area: 'sg1', since: new Date('2026-02-01') });
      assert.equal(sgFeb.area, 'SG1');
      assert.equal(sgFeb.reports.reports, 1);
      assert.equal(sgFeb.calls.total, 0);
      const cm23 = await w.intel.figures({ area: 'CM23' });
      assert.equal(cm23.calls.total, 1);
      await assert.rejects(
        w.intel.figures({ since: new Date('2026-02-01'), until: new Date('2026-01-01') }),
        /since must be before until/,
      );
    } finally {
      await w.close();
    }
  });
});
