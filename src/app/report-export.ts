/**
 * Reports in the shape a police fraud report needs: one row per report, with the area from the resident's postcode
 * district and a reference to the evidence CallWarden holds (the call record).
 */
import type { Report, Store } from '../store/store.js';

export interface ExportRow {
  report_id: number;
  date_time: string;
  caller_number: string;
  presented_as: string;
  type: string;
  amount_lost_gbp: string;
  area: string;
  summary: string;
  evidence_reference: string;
  status: string;
}

export const exportColumns = [
  'report_id',
  'date_time',
  'caller_number',
  'presented_as',
  'type',
  'amount_lost_gbp',
  'area',
  'summary',
  'evidence_reference',
  'status',
] as const satisfies readonly (keyof ExportRow)[];

export async function toExportRows(store: Store, reports: Report[]): Promise<ExportRow[]> {
  const areas = new Map<number, string>();
  for (const id of new Set(reports.map((r) => r.residentId).filter((id): id is number => id !== null))) {
    areas.set(id, (await store.getResident(id))?.postcode ?? '');
  }
  return reports.map((report) => ({
    report_id: report.id,
    date_time: report.createdAt.toISOString(),
    caller_number: report.number ?? '',
    presented_as: report.presented,
    type: report.type,
    amount_lost_gbp: (report.lossPence / 100).toFixed(2),
    area: report.residentId === null ? '' : (areas.get(report.residentId) ?? ''),
    summary: report.text ?? '',
    evidence_reference: report.callId ? `call:${report.callId}` : `report:${report.id}`,
    status: report.status,
  }));
}

/** RFC 4180 CSV with a header row. Cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function reportsToCsv(rows: ExportRow[]): string {
  const lines = [exportColumns.join(',')];
  for (const row of rows) lines.push(exportColumns.map((column) => csvCell(String(row[column]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
