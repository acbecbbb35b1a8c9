import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { runWithStore, withGlobalOptions } from '../context.js';

const roles = ['admin', 'carer', 'analyst'] as const;

/** `token create`: API tokens with roles (the secret is shown once). */
export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens for the HTTP API and dashboard');
  withGlobalOptions(token.command('create'))
    .description('create an API token; the secret is printed once')
    .requiredOption('--name <name>', 'who the token is for')
    .requiredOption('--role <role>', 'admin | carer | analyst')
    .option('--resident <number...>', 'for a carer: the residents they look after')
    .action(async (options, command: Command) => {
      if (!(roles as readonly string[]).includes(options.role))
        throw new CliError(`--role must be one of ${roles.join(', ')}`);
      if (options.role === 'carer' && !options.resident?.length) {
        throw new CliError('a carer token needs at least one --resident');
      }
      await runWithStore(command, async ({ ops, store, json, out, say }) => {
        const residentIds: number[] = [];
        for (const number of options.resident ?? []) residentIds.push((await ops.residentByNumber(number)).id);
        const { token: created, secret } = await store.createToken({
          name: options.name,
          role: options.role,
          residentIds: options.role === 'carer' ? residentIds : [],
        });
        if (json) out({ id: created.id, name: created.name, role: created.role, residentIds, secret });
        else say(`Token for ${created.name} (${created.role}): ${secret}\nKeep it safe: it is not shown again.`);
      });
    });
}
