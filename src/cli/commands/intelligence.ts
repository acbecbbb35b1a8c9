import type { Command } from 'commander';
import { createCampaignWatch } from '../../app/campaign-watch.js';
import { auditView, campaignView, createIntelligence, type Intelligence } from '../../app/intelligence.js';
import { type CampaignStatus, campaignStatuses } from '../../campaigns/detect-campaigns.js';
import { CliError } from '../cli-error.js';
import { type CommandContext, runWithStore, wholeNumber, withGlobalOptions } from '../context.js';

const cliActor = { id: 'cli', name: null };

/**
 * `campaigns list|scan`, `number confirm|clear`, `audit list` and `figures`: scam campaigns, analyst verdicts (audited
 * as 'cli'), the audit log and published figures.
 */
export function registerIntelligenceCommands(program: Command): void {
  const campaigns = program.command('campaigns').description('scam campaigns found in the call log');

  withGlobalOptions(campaigns.command('list'))
    .description('campaigns, newest first: id, status, start, end, numbers, residents reached, districts, reason')
    .option('--status <status>', `only this status: ${campaignStatuses.join(', ')}`)
    .option('--limit <n>', 'at most this many', '100')
    .action(async (options, command: Command) => {
      const limit = wholeNumber(options.limit, '--limit');
      if (options.status !== undefined && !(campaignStatuses as readonly string[]).includes(options.status)) {
        throw new CliError(`--status must be one of ${campaignStatuses.join(', ')} (got '${options.status}')`);
      }
      await withIntelligence(command, async ({ intel, json, out, say }) => {
        const list = await intel.listCampaigns({
          ...(options.status ? { statuses: [options.status as CampaignStatus] } : {}),
          limit,
        });
        if (json) return out(list.map(campaignView));
        if (list.length === 0) return say('No campaigns.');
        say(list.map((c) => `#${c.id} [${c.status}] ${c.start.toISOString()} ${c.reason}`).join('\n'));
      });
    });

  withGlobalOptions(campaigns.command('scan'))
    .description('run campaign detection over recent calls now, and block or release campaign numbers')
    .action(async (_options, command: Command) => {
      await withIntelligence(command, async ({ intel, json, out, say }) => {
        const result = await intel.scan();
        const summary = {
          detected: result.detected,
          created: result.created.map(campaignView),
          updated: result.updated.map((c) => c.id),
          ended: result.ended.map((c) => c.id),
        };
        if (json) out(summary);
        else
          say(
            `${result.detected} campaign(s) in recent calls: ${result.created.length} new, ${result.ended.length} ended.`,
          );
      });
    });

  // `number show` is registered with the reports; confirm and clear join it.
  const number =
    program.commands.find((command) => command.name() === 'number') ??
    program.command('number').description('what CallWarden knows about a number');

  for (const action of ['confirm', 'clear'] as const) {
    withGlobalOptions(number.command(action))
      .description(
        action === 'confirm'
          ? 'confirm a number as a scam: blocked for every resident (audited)'
          : 'clear a number: off the global block list, its reports set aside (audited)',
      )
      .argument('<number>', 'the number')
      .requiredOption('--reason <text>', 'why, for the audit log')
      .action(async (raw: string, options, command: Command) => {
        await withIntelligence(command, async ({ intel, json, out, say }) => {
          const result =
            action === 'confirm'
              ? await intel.confirmNumber(raw, options.reason, cliActor)
              : await intel.clearNumber(raw, options.reason, cliActor);
          if (json) return out(result);
          say(
            [
              action === 'confirm'
                ? `${result.number} is now blocked for every resident.`
                : `${result.number} is cleared: not on the global block list, its reports set aside.`,
              ...result.notes.map((note) => `- ${note}`),
            ].join('\n'),
          );
        });
      });
  }

  const audit = program.command('audit').description('who changed what about numbers and campaigns');

  withGlobalOptions(audit.command('list'))
    .description('audit entries, newest first')
    .option('--number <number>', 'only entries about this number')
    .option('--since <date>', 'only entries at or after this date')
    .option('--until <date>', 'only entries before this date')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (options, command: Command) => {
      const limit = wholeNumber(options.limit, '--limit');
      const since = options.since ? date(options.since, '--since') : undefined;
      const until = options.until ? date(options.until, '--until') : undefined;
      await withIntelligence(command, async ({ intel, json, out, say }) => {
        const entries = await intel.listAudit({
          ...(options.number ? { number: intel.fullNumber(options.number) } : {}),
          ...(since ? { since } : {}),
          ...(until ? { until } : {}),
          limit,
        });
        if (json) return out(entries.map(auditView));
        if (entries.length === 0) return say('No audit entries.');
        say(
          entries
            .map(
              (e) =>
                `${e.at.toISOString()} ${e.actorName ?? e.actor} ${e.action} ${e.number ?? `campaign ${e.campaignId}`}${e.reason ? `: ${e.reason}` : ''}`,
            )
            .join('\n'),
        );
      });
    });

  withGlobalOptions(program.command('figures'))
    .description('reports and losses by type, month and area, top reported numbers, blocked calls and campaigns')
    .option('--since <date>', 'from this date (YYYY-MM-DD or ISO 8601), inclusive')
    .option('--until <date>', 'until this date, exclusive')
    .option('--area <district>', 'only this postcode district (e.g. CM23)')
    .action(async (options, command: Command) => {
      const since = options.since ? date(options.since, '--since') : undefined;
      const until = options.until ? date(options.until, '--until') : undefined;
      const area = options.area === undefined ? undefined : String(options.area).trim().toUpperCase();
      if (area !== undefined && !/^[A-Z]{1,2}\d[A-Z\d]?$/.test(area)) {
        throw new CliError(`--area must be a UK postcode district such as CM23 (got '${options.area}')`);
      }
      await withIntelligence(command, async ({ intel, json, out, say }) => {
        const figures = await intel.figures({
          ...(since ? { since } : {}),
          ...(until ? { until } : {}),
          ...(area ? { area } : {}),
        });
        if (json) return out(figures);
        say(
          [
            `Reports: ${figures.reports.reports}, losses £${figures.reports.lossPounds.toFixed(2)}`,
            ...figures.reports.byType.map((t) => `  ${t.type}: ${t.reports} (£${t.lossPounds.toFixed(2)})`),
            `Calls: ${figures.calls.total}, blocked ${figures.calls.blocked}, screened ${figures.calls.screened}`,
            `Campaigns: ${figures.campaigns.total}`,
          ].join('\n'),
        );
      });
    });
}

async function withIntelligence(
  command: Command,
  body: (context: CommandContext & { intel: Intelligence }) => Promise<void>,
): Promise<void> {
  await runWithStore(command, async (context) => {
    const watch = createCampaignWatch({ store: context.store });
    const intel = createIntelligence({ store: context.store, region: context.config.region, watch });
    await body({ ...context, intel });
  });
}

function date(text: string, option: string): Date {
  const value = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(value.getTime())) throw new CliError(`${option} must be a date like 2026-08-01 (got '${text}')`);
  return value;
}
