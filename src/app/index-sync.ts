/**
 * Loads the in-memory screening index from the store and keeps it in step with the store's change log, so a block
 * added by the CLI in another process reaches the running service within one poll.
 */
import type { E164 } from '../numbers/phone-number.js';
import type { ReportEvidence } from '../reputation/reputation.js';
import { computeReputation } from '../reputation/reputation.js';
import { FactsIndex } from '../screening/facts-index.js';
import type { Store } from '../store/store.js';
import { toEvidence } from './facts-lookup.js';

export interface SyncedIndex {
  index: FactsIndex;
  /** Applies changes made since the last call (by this or another process); returns how many were applied. */
  catchUp(): Promise<number>;
  readonly seq: number;
}

/** Builds the index from everything in the store. */
export async function loadIndex(store: Store, now: () => Date = () => new Date()): Promise<SyncedIndex> {
  const seqAtStart = await store.latestChange();
  const index = new FactsIndex();
  for await (const page of store.iterateResidents()) for (const resident of page) index.putResident(resident);
  for await (const page of store.iterateContacts()) {
    for (const contact of page) index.putContact(contact.residentId, contact.number, contact.name);
  }
  for await (const page of store.iterateBlocks()) {
    for (const block of page) index.putBlock(block.number, block.residentId, block);
  }
  for await (const page of store.iterateDno()) for (const entry of page) index.putDno(entry.number, entry.owner);
  const evidence = new Map<string, ReportEvidence[]>();
  for await (const page of store.iterateReports()) {
    for (const report of page) {
      if (report.number === null) continue;
      let list = evidence.get(report.number);
      if (!list) {
        list = [];
        evidence.set(report.number, list);
      }
      list.push(toEvidence(report));
    }
  }
  const at = now();
  for (const [number, reports] of evidence) index.setReputation(number, computeReputation(reports, at));
  index.compact();

  let seq = seqAtStart;
  return {
    index,
    get seq() {
      return seq;
    },
    async catchUp() {
      let applied = 0;
      for (;;) {
        const changes = await store.changesSince(seq, 1000);
        if (changes.length === 0) return applied;
        for (const change of changes) {
          await applyChange(store, index, change, now);
          seq = change.seq;
          applied += 1;
        }
      }
    },
  };
}

async function applyChange(
  store: Store,
  index: FactsIndex,
  change: Awaited<ReturnType<Store['changesSince']>>[number],
  now: () => Date,
): Promise<void> {
  const number = change.number as E164 | null;
  switch (change.kind) {
    case 'resident': {
      if (change.residentId === null) return;
      const resident = await store.getResident(change.residentId);
      if (resident) index.putResident(resident);
      else index.removeResident(change.residentId);
      return;
    }
    case 'contact': {
      if (change.residentId === null || number === null) return;
      const contact = await store.findContact(change.residentId, number);
      if (contact) index.putContact(change.residentId, number, contact.name);
      else index.removeContact(change.residentId, number);
      return;
    }
    case 'block': {
      if (number === null) return;
      const found = await store.findBlock(number, change.residentId);
      const entry = found?.residentId === change.residentId ? found : null;
      if (entry) index.putBlock(number, entry.residentId, entry);
      else index.removeBlock(number, change.residentId);
      return;
    }
    case 'dno': {
      if (number === null) return;
      const entry = await store.findDno(number);
      if (entry) index.putDno(number, entry.owner);
      else index.removeDno(number);
      return;
    }
    case 'report': {
      if (number === null) return;
      const reports = await store.reportsForNumber(number);
      index.setReputation(number, computeReputation(reports.map(toEvidence), now()));
      return;
    }
  }
}
