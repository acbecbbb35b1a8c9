import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { E164 } from '../numbers/phone-number.js';
import type { Resident } from '../residents/resident.js';
import { openStore } from '../store/open-store.js';
import { createCampaignWatch } from './campaign-watch.js';
import { createIntelligence } from './intelligence.js';
import { createOperations } from './operations.js';

const scammer = '+442079460001' as E164;

/** A real SQLite store with four residents: three in CM23 and one in SG1, and a clock the test moves. */
async function aWorld() {
  const dir = mkdtempSync(join(tmpdir(), 'cw-watch-'));
  const store = await openStore({ dataDir: dir });
  let clock = new Date('2026-01-15T22:00:00Z');
  const now = () => clock;
  const ops = createOperations({ store, region: 'GB', now });
  const residents: Resident[] = [];
  for (const [i, postcode] of ['CM23 2AB', 'CM23 3CD', 'CM23 4EF', 'SG1 1AA'].entries()) {
    residents.push(await ops.addResident({ number: `+44127955500${i + 1}`, name: `Resident ${i + 1}`, postcode }));
  }
  const watch = createCampaignWatch({ store, now });
  return {
    store,
    ops,
    watch,
    residents,
    at: (iso: string) => {
      clock = new Date(iso);
    },
    /** Screens a call from `from` to the resident now (recorded in the call log). */
    screen: (from: string, resident: Resident) => ops.screen({ from, to: resident.number }),
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function nightCampaign(world: Awaited<ReturnType<typeof aWorld>>) {
  const [r1, r2, r3] = world.residents as [Resident, Resident, Resident];
  world.at('2026-01-15T22:05:00Z');
  await world.screen(scammer, r1);
  world.at('2026-01-15T22:20:00Z');
  await world.screen(scammer, r2);
  world.at('2026-01-15T22:40:00Z');
  await world.screen(scammer, r3);
}

describe('campaign watch', () => {
  test('persists a campaign found in the call log and blocks its number for every resident', async () => {
    const world = await aWorld();
    try {
      await nightCampaign(world);
      const before = await world.screen(scammer, world.residents[3] as Resident);
      assert.equal(before.decision.action, 'screen');
      const result = await world.watch.scan();
      assert.equal(result.created.length, 1);
      const [campaign] = await world.store.listCampaigns();
      assert.ok(campaign);
      assert.equal(campaign.status, 'active');
      assert.deepEqual(campaign.numbers, [scammer]);
      assert.equal(campaign.residentsReached, 4);
      assert.deepEqual(campaign.districts, ['CM23', 'SG1']);
      assert.equal((await world.store.findBlock(scammer, null))?.source, 'campaign');
      const after = await world.screen(scammer, world.residents[3] as Resident);
      assert.equal(after.decision.action, 'block');
      assert.equal(after.decision.reasons[0]?.code, 'blocked-number');
      assert.match(after.decision.reasons[0]?.text ?? '', /scam campaign/);
      const audit = await world.store.listAudit({ campaignId: campaign.id });
      assert.deepEqual(audit.map((entry) => entry.action).sort(), ['campaign.block', 'campaign.detected']);
      // A second scan updates the same campaign rather than adding another.
      const again = await world.watch.scan();
      assert.equal(again.created.length, 0);
      assert.equal((await world.store.listCampaigns()).length, 1);
    } finally {
      await world.close();
    }
  });

  test('lifts the campaign block when an analyst dismisses the campaign, and keeps it dismissed', async () => {
    const world = await aWorld();
    try {
      await nightCampaign(world);
      await world.watch.scan();
      const [campaign] = await world.store.listCampaigns();
      assert.ok(campaign);
      const intel = createIntelligence({ store: world.store, region: 'GB' });
      const dismissed = await intel.reviewCampaign(campaign.id, 'dismissed', 'a charity phone appeal', {
        id: 'token:2',
        name: 'Ann',
      });
      assert.equal(dismissed.status, 'dismissed');
      assert.equal(await world.store.findBlock(scammer, null), null);
      assert.equal((await world.screen(scammer, world.residents[3] as Resident)).decision.action, 'screen');
      await world.watch.scan();
      assert.equal((await world.store.getCampaign(campaign.id))?.status, 'dismissed');
      assert.equal(await world.store.findBlock(scammer, null), null);
      const [status] = await world.store.listAudit({ actions: ['campaign.status'] });
      assert.deepEqual(
        [status?.actor, status?.actorName, status?.before, status?.after],
        ['token:2', 'Ann', { status: 'active' }, { status: 'dismissed' }],
      );
    } finally {
      await world.close();
    }
  });

  test('ends a campaign once its calls stop, and removes only the blocks it added', async () => {
    const world = await aWorld();
    try {
      await nightCampaign(world);
      await world.ops.addBlock({ number: '+442079460099', reason: 'admin block', source: 'admin' });
      await world.watch.scan();
      world.at('2026-01-16T03:00:00Z');
      const result = await world.watch.scan();
      assert.equal(result.ended.length, 1);
      assert.equal((await world.store.listCampaigns())[0]?.status, 'ended');
      assert.equal(await world.store.findBlock(scammer, null), null);
      assert.equal((await world.store.findBlock('+442079460099' as E164, null))?.source, 'admin');
    } finally {
      await world.close();
    }
  });

  test('never blocks a number that is a trusted contact of any resident, which still rings through', async () => {
    const world = await aWorld();
    try {
      const [r1, , , r4] = world.residents as [Resident, Resident, Resident, Resident];
      await world.ops.addContact({ resident: r4, number: scammer, name: 'The GP surgery' });
      await nightCampaign(world);
      await world.watch.scan();
      assert.equal((await world.store.listCampaigns()).length, 1);
      assert.equal(await world.store.findBlock(scammer, null), null);
      assert.equal((await world.screen(scammer, r4)).decision.action, 'ring');
      assert.equal((await world.screen(scammer, r1)).decision.action, 'screen');
    } finally {
      await world.close();
    }
  });
});
