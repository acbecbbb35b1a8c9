/**
 * Domain objects in the shape the API returns them (`schemas.ts`): dates become ISO 8601 strings, money is given in
 * pounds as well as pence. The response schemas then drop anything not in the contract.
 */
import type { Resident, TrustedContact } from '../residents/resident.js';
import type { BlockEntry, CallRecord, DnoEntry, Report } from '../store/store.js';
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
