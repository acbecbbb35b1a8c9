/**
 * In-memory index of the facts screening needs (residents, contacts, block list, DNO list, reputation), so that a
 * decision before the phone rings costs a few hash lookups instead of database queries. Pure data structure: the
 * app layer loads it from the store and keeps it in step with the store's change log.
 *
 * @example
 * const index = new FactsIndex();
 * index.putResident(resident);
 * index.putBlock('+447700900123', null, { reason: 'courier fraud', source: 'analyst' });
 * index.factsFor(resident, '+447700900123') // → { block: { reason: 'courier fraud', ... }, ... }
 */
import { type ReputationVerdict, reputationVerdicts } from '../reputation/reputation.js';
import type { Resident } from '../residents/resident.js';
import { NumberTable } from './number-table.js';
import type { ReputationSummary, ScreeningFacts } from './policy.js';

export interface BlockFact {
  reason: string;
  source: string;
}

export class FactsIndex {
  private readonly residents = new Map<string, Resident>();
  private readonly residentsById = new Map<number, Resident>();
  /** Contacts keyed `residentId|number`: one flat map rather than one small map per resident. */
  private readonly contacts = new Map<string, string>();
  private readonly contactCount = new Map<number, number>();
  /**
   * Block entries hold an index into `blockFacts`: reasons and sources repeat across a million entries, and a small
   * integer costs nothing next to an object per entry.
   */
  private readonly globalBlocks = new NumberTable();
  /** Resident-specific blocks keyed by number, then resident id. */
  private readonly residentBlocks = new Map<string, Map<number, number>>();
  private readonly blockFacts: BlockFact[] = [];
  private readonly blockFactIds = new Map<string, number>();
  private readonly dno = new Map<string, string | null>();
  /** Reputation summaries packed into one integer each (see `packReputation`). */
  private readonly reputations = new NumberTable();

  get size(): { residents: number; blocks: number; dno: number; reputations: number } {
    let blocks: number = this.globalBlocks.size;
    for (const perResident of this.residentBlocks.values()) blocks += perResident.size;
    return { residents: this.residents.size, blocks, dno: this.dno.size, reputations: this.reputations.size };
  }

  residentByNumber(number: string): Resident | null {
    return this.residents.get(number) ?? null;
  }

  residentById(id: number): Resident | null {
    return this.residentsById.get(id) ?? null;
  }

  /** The facts about `callerKey` (a number's canonical key) as seen by `resident`; null key for withheld callers. */
  factsFor(resident: Resident, callerKey: string | null): ScreeningFacts {
    if (callerKey === null) return { resident, contact: null, block: null, dno: null, reputation: null };
    const contactName = this.contactCount.has(resident.id)
      ? this.contacts.get(`${resident.id}|${callerKey}`)
      : undefined;
    const dnoOwner = this.dno.get(callerKey);
    const blockId = this.residentBlocks.get(callerKey)?.get(resident.id) ?? this.globalBlocks.get(callerKey);
    return {
      resident,
      contact: contactName === undefined ? null : { name: contactName },
      block: blockId === undefined ? null : (this.blockFacts[blockId] ?? null),
      dno: dnoOwner === undefined ? null : { owner: dnoOwner },
      reputation: unpackReputation(this.reputations.get(callerKey)),
    };
  }

  putResident(resident: Resident): void {
    const previous = this.residentsById.get(resident.id);
    if (previous && previous.number !== resident.number) this.residents.delete(previous.number);
    this.residents.set(resident.number, resident);
    this.residentsById.set(resident.id, resident);
  }

  removeResident(id: number): void {
    const previous = this.residentsById.get(id);
    if (previous) this.residents.delete(previous.number);
    this.residentsById.delete(id);
    if (this.contactCount.has(id)) {
      const prefix = `${id}|`;
      for (const key of this.contacts.keys()) if (key.startsWith(prefix)) this.contacts.delete(key);
      this.contactCount.delete(id);
    }
    for (const perResident of this.residentBlocks.values()) perResident.delete(id);
  }

  putContact(residentId: number, number: string, name: string): void {
    const key = `${residentId}|${number}`;
    if (!this.contacts.has(key)) this.contactCount.set(residentId, (this.contactCount.get(residentId) ?? 0) + 1);
    this.contacts.set(key, name);
  }

  removeContact(residentId: number, number: string): void {
    if (!this.contacts.delete(`${residentId}|${number}`)) return;
    const left = (this.contactCount.get(residentId) ?? 1) - 1;
    if (left > 0) this.contactCount.set(residentId, left);
    else this.contactCount.delete(residentId);
  }

  putBlock(number: string, residentId: number | null, fact: BlockFact): void {
    const interned = this.blockFactId(fact);
    if (residentId === null) {
      this.globalBlocks.set(number, interned);
      return;
    }
    let perResident = this.residentBlocks.get(number);
    if (!perResident) {
      perResident = new Map();
      this.residentBlocks.set(number, perResident);
    }
    perResident.set(residentId, interned);
  }

  removeBlock(number: string, residentId: number | null): void {
    if (residentId === null) this.globalBlocks.delete(number);
    else this.residentBlocks.get(number)?.delete(residentId);
  }

  putDno(number: string, owner: string | null): void {
    this.dno.set(number, owner);
  }

  removeDno(number: string): void {
    this.dno.delete(number);
  }

  setReputation(number: string, reputation: (ReputationSummary & { reports?: number }) | null): void {
    if (reputation === null || reputation.reports === 0 || reputation.verdict === 'clean') {
      this.reputations.delete(number);
    } else {
      this.reputations.set(number, packReputation(reputation));
    }
  }

  /** Folds bulk-loaded entries into the compact tables; call once after loading. */
  compact(): void {
    this.globalBlocks.fold();
    this.reputations.fold();
  }

  private blockFactId(fact: BlockFact): number {
    const key = `${fact.source}\u0000${fact.reason}`;
    let id = this.blockFactIds.get(key);
    if (id === undefined) {
      id = this.blockFacts.length;
      this.blockFacts.push(Object.freeze({ reason: fact.reason, source: fact.source }));
      this.blockFactIds.set(key, id);
    }
    return id;
  }
}

/** score in thousandths (10 bits) | verdict (2 bits) | distinct reporters, capped (18 bits): 30 bits, one Smi. */
function packReputation(reputation: ReputationSummary): number {
  const score = Math.round(Math.min(1, Math.max(0, reputation.score)) * 1000);
  const verdict = reputationVerdicts.indexOf(reputation.verdict);
  const reporters = Math.min(reputation.distinctReporters, 0x3ffff);
  return score | (verdict << 10) | (reporters << 12);
}

function unpackReputation(packed: number | undefined): ReputationSummary | null {
  if (packed === undefined) return null;
  return {
    score: (packed & 0x3ff) / 1000,
    verdict: reputationVerdicts[(packed >>> 10) & 0x3] as ReputationVerdict,
    distinctReporters: packed >>> 12,
  };
}
