/**
 * Domain objects in the shape the API returns them (`schemas.ts`): dates become ISO 8601 strings, money is given in
 * pounds as well as pence. The response schemas then drop anything not in the contract.
 */
import type { Resident, TrustedContact } from '../residents/resident.js';
import type { ApiTokenInfo, BlockEntry, CallRecord, DnoEntry, Report } from '../store/store.js';
import type { TokenView } from './care-schemas.js';
import type { BlockView, CallView, ContactView, DnoEntryView, ReportView, ResidentView } from './schemas.js';

export function residentView(resident: Resident): ResidentView {
  return { ...resident, createdAt: resident.createdAt.toISOString() };
}

export function contactView(contact: TrustedContact): ContactView {
  return { ...contact, createdAt: contact.createdAt.toISOString() };
}

export function blockView(block: BlockEntry): BlockView {
  return { ...block, createdAt: block.createdAt.toISOString() };
}

export function dnoEntryView(entry: DnoEntry): DnoEntryView {
  return { ...entry, importedAt: entry.importedAt.toISOString() };
}

export function reportView(report: Report): ReportView {
  return { ...report, lossPounds: report.lossPence / 100, createdAt: report.createdAt.toISOString() };
}

export function callView(call: CallRecord): CallView {
  return { ...call, at: call.at.toISOString() };
}

/** A token as the API shows it (and `callwarden token list --json` prints it): never the secret or its hash. */
export function tokenView(token: ApiTokenInfo): TokenView {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    residentIds: token.residentIds,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
