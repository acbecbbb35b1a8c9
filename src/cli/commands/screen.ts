import type { Command } from 'commander';
import { type Attestation, attestations } from '../../screening/policy.js';
import { CliError } from '../cli-error.js';
import { runWithStore, wholeNumber, withGlobalOptions } from '../context.js';

/** `screen`: decide one call exactly as the service would, and `calls list`: the call log. */
export function registerScreenCommands(program: Command): void {
  withGlobalOptions(program.command('screen'))
    .description('decide what CallWarden does with one incoming call (and record it in the call log)')
    .requiredOption('--from <callerId>', "the caller ID as presented (number, tel: or sip: URI, 'anonymous')")
    .requiredOption('--to <number>', "the resident's number that was called")
    .option('--at <iso8601>', 'when the call arrives (default now)')
    .option('--withheld', 'the caller withheld their number')
    .option('--attestation <result>', `caller-ID verification from the network: ${attestations.join(' | ')}`)
    .action(async (options, command: Command) => {
      const at = options.at === undefined ? undefined : new Date(options.at);
      if (at && Number.isNaN(at.getTime())) throw new CliError(`--at must be an ISO 8601 time (got '${options.at}')`);
      if (options.attestation && !(attestations as readonly string[]).includes(options.attestation)) {
        throw new CliError(`--attestation must be one of ${attestations.join(', ')}`);
      }
      await runWithStore(command, async ({ ops, json, out, say }) => {
        const { decision } = await ops.screen({
          from: options.from,
          to: options.to,
          ...(at ? { at } : {}),
          withheld: options.withheld === true,
          attestation: (options.attestation as Attestation | undefined) ?? null,
        });
        if (json) out(decision);
        else
          say([`${decision.action} (risk ${decision.risk})`, ...decision.reasons.map((r) => `- ${r.text}`)].join('\n'));
      });
    });

  const calls = program.command('calls').description('the call log');
  withGlobalOptions(calls.command('list'))
    .description('recent calls with the decision and its reasons')
    .option('--resident <number>', 'only calls to this resident')
    .option('--limit <n>', 'at most this many', '50')
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ ops, store, json, out, say }) => {
        const resident = options.resident ? await ops.residentByNumber(options.resident) : null;
        const list = await store.listCalls({
          ...(resident ? { residentId: resident.id } : {}),
          limit: wholeNumber(options.limit, '--limit'),
        });
        if (json) out(list.map((c) => ({ ...c, at: c.at.toISOString() })));
        else
          for (const c of list) say(`${c.at.toISOString()}\t${c.presented}\t${c.action}\t${c.reasons[0]?.text ?? ''}`);
      });
    });
}
