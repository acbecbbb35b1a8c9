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
import type { Reputation } from '../reputation/reputation.js';
import type { Resident } from '../residents/resident.js';
import type { ScreeningFacts } from './policy.js';

export interface BlockFact {
  reason: string;
  source: string;
}

export class FactsIndex {
  private readonly residents = new Map<string, Resident>();
  private readonly residentsById = new Map<number, Resident>();
  private readonly contacts = new Map<number, Map<string, string>>();
  private readonly globalBlocks = new Map<string, BlockFact>();
  /** Resident-specific blocks keyed by number, then resident id. */
  private readonly residentBlocks = new Map<string, Map<number, BlockFact>>();
  private readonly dno = new Map<string, string | null>();
  private readonly reputations = new Map<string, Reputation>();
  /** Block reasons and sources repeat across many entries: keep one copy of each string. */
  private readonly strings = new Map<string, string>();

  get size(): { residents: number; blocks: number; dno: number; reputations: number } {
    let blocks = this.globalBlocks.size;
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
    const contactName = this.contacts.get(resident.id)?.get(callerKey);
    const dnoOwner = this.dno.get(callerKey);
    return {
      resident,
      contact: contactName === undefined ? null : { name: contactName },
      block: this.residentBlocks.get(callerKey)?.get(resident.id) ?? this.globalBlocks.get(callerKey) ?? null,
      dno: dnoOwner === undefined ? null : { owner: dnoOwner },
      reputation: this.reputations.get(callerKey) ?? null,
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
    this.contacts.delete(id);
    for (const perResident of this.residentBlocks.values()) perResident.delete(id);
  }

  putContact(residentId: number, number: string, name: string): void {
    let forResident = this.contacts.get(residentId);
    if (!forResident) {
      forResident = new Map();
      this.contacts.set(residentId, forResident);
    }
    forResident.set(number, name);
  }

  removeContact(residentId: number, number: string): void {
    this.contacts.get(residentId)?.delete(number);
  }

  putBlock(number: string, residentId: number | null, fact: BlockFact): void {
    const interned = { reason: this.intern(fact.reason), source: this.intern(fact.source) };
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
    this.dno.set(number, owner === null ? null : this.intern(owner));
  }

  removeDno(number: string): void {
    this.dno.delete(number);
  }

  setReputation(number: string, reputation: Reputation | null): void {
    if (reputation === null || reputation.reports === 0) this.reputations.delete(number);
    else this.reputations.set(number, reputation);
  }

  private intern(text: string): string {
    const existing = this.strings.get(text);
    if (existing !== undefined) return existing;
    if (this.strings.size < 100_000) this.strings.set(text, text);
    return text;
  }
}
