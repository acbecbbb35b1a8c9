/**
 * Where screening gets its facts: the in-memory index (the service, before every ring) or the store directly (a
 * one-off `callwarden screen` that should not load a million block entries first). Same answers either way.
 */
import type { E164 } from '../numbers/phone-number.js';
import { computeReputation } from '../reputation/reputation.js';
import type { Resident } from '../residents/resident.js';
import type { FactsIndex } from '../screening/facts-index.js';
import type { ScreeningFacts } from '../screening/policy.js';
import type { Store } from '../store/store.js';

export interface FactsLookup {
  residentByNumber(number: E164): Resident | null | Promise<Resident | null>;
  factsFor(resident: Resident, callerKey: string | null): ScreeningFacts | Promise<ScreeningFacts>;
}

/** Answers from the in-memory index, synchronously. */
export function indexLookup(index: FactsIndex): FactsLookup {
  return {
    residentByNumber: (number) => index.residentByNumber(number),
    factsFor: (resident, callerKey) => index.factsFor(resident, callerKey),
  };
}

/** Answers with a few store queries per call. */
export function storeLookup(store: Store, now: () => Date = () => new Date()): FactsLookup {
  return {
    residentByNumber: (number) => store.findResidentByNumber(number),
    async factsFor(resident, callerKey) {
      if (callerKey === null || !callerKey.startsWith('+')) {
        return { resident, contact: null, block: null, dno: null, reputation: null };
      }
      const number = callerKey as E164;
      const [contact, block, dno, reports] = await Promise.all([
        store.findContact(resident.id, number),
        store.findBlock(number, resident.id),
        store.findDno(number),
        store.reportsForNumber(number),
      ]);
      const reputation = reports.length > 0 ? computeReputation(reports.map(toEvidence), now()) : null;
      return {
        resident,
        contact: contact ? { name: contact.name } : null,
        block: block ? { reason: block.reason, source: block.source } : null,
        dno: dno ? { owner: dno.owner } : null,
        reputation,
      };
    },
  };
}

export function toEvidence(report: {
  reporter: string;
  reporterKind: import('../reputation/reputation.js').ReporterKind;
  createdAt: Date;
  status: import('../reputation/reputation.js').ReportStatus;
}) {
  return { reporter: report.reporter, reporterKind: report.reporterKind, at: report.createdAt, status: report.status };
}
