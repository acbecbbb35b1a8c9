import type { Command } from 'commander';
import { reportsToCsv, toExportRows } from '../../app/report-export.js';
import { type ReportQuery, type ReportType, reportTypes } from '../../store/store.js';
import { CliError } from '../cli-error.js';
import { runWithStore, withGlobalOptions } from '../context.js';

/** `report add`, `reports export` and `number show`: reports and what they say about a number. */
export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('report a scam or suspicious call');

  withGlobalOptions(report.command('add'))
    .description('report a number as a scam or suspicious caller')
    .requiredOption('--number <number>', 'the caller number as it was shown')
    .option('--resident <number>', 'the resident who received the call')
    .option('--type <type>', `one of ${reportTypes.join(', ')}`, 'other')
    .option('--loss <pounds>', 'money lost, in pounds')
    .option('--text <text>', 'what happened, in your own words')
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ ops, json, out, say }) => {
        const resident = options.resident ? await ops.residentByNumber(options.resident) : null;
        const added = await ops.addReport({
          number: options.number,
          resident,
          type: options.type,
          lossPounds: options.loss,
          text: options.text,
          reporter: resident ? `resident:${resident.id}` : 'cli',
          reporterKind: resident ? 'verified-resident' : 'anonymous',
        });
        if (json) out({ ...added, createdAt: added.createdAt.toISOString(), lossPounds: added.lossPence / 100 });
        else say(`Report ${added.id} filed against ${added.number ?? added.presented} (${added.type}).`);
      });
    });

  const reports = program.command('reports').description('reports for police and analysts');

  withGlobalOptions(reports.command('export'))
    .description('export reports, one row per report, in the fields a police fraud report needs')
    .option('--format <format>', 'csv | json', 'csv')
    .option('--since <date>', 'only reports at or after this date (YYYY-MM-DD or ISO 8601)')
    .option('--until <date>', 'only reports before this date')
    .option('--area <district>', 'only reports from residents in this postcode district')
    .option('--type <type>', `only this type: ${reportTypes.join(', ')}`)
    .action(async (options, command: Command) => {
      if (options.format !== 'csv' && options.format !== 'json') {
        throw new CliError(`--format must be csv or json (got '${options.format}')`);
      }
      const query: ReportQuery = {};
      if (options.since) query.since = date(options.since, '--since');
      if (options.until) query.until = date(options.until, '--until');
      if (options.area) query.area = String(options.area).toUpperCase();
      if (options.type) {
        if (!(reportTypes as readonly string[]).includes(options.type)) {
          throw new CliError(`--type must be one of ${reportTypes.join(', ')} (got '${options.type}')`);
        }
        query.type = options.type as ReportType;
      }
      await runWithStore(command, async ({ store, json }) => {
        const rows = await toExportRows(store, await store.listReports(query));
        if (options.format === 'json' || json) process.stdout.write(`${JSON.stringify(rows)}\n`);
        else process.stdout.write(reportsToCsv(rows));
      });
    });

  const number = program.command('number').description('what CallWarden knows about a number');

  withGlobalOptions(number.command('show'))
    .description('reputation, reports, block status, and why')
    .argument('<number>', 'the number')
    .action(async (raw: string, _options, command: Command) => {
      await runWithStore(command, async ({ ops, json, out, say }) => {
        const shown = await ops.showNumber(raw);
        if (json) out(shown);
        else say([`${shown.number} (${shown.national}, ${shown.kind})`, ...shown.why.map((w) => `- ${w}`)].join('\n'));
      });
    });
}

function date(text: string, option: string): Date {
  const value = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(value.getTime())) throw new CliError(`${option} must be a date like 2026-08-01 (got '${text}')`);
  return value;
}
