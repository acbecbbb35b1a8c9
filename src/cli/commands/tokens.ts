import type { Command } from 'commander';
import { tokenView } from '../../http/views.js';
import { CliError } from '../cli-error.js';
import { runWithStore, withGlobalOptions } from '../context.js';

const roles = ['admin', 'carer', 'analyst'] as const;

/**
 * `token create | list | revoke`: API tokens with roles. The secret is shown once at creation; lists never show it;
 * a revoked token is refused by the API from its next request.
 */
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

  withGlobalOptions(token.command('list'))
    .description('list API tokens (never their secrets): id, name, role, residents, created, last used, revoked')
    .option('--active', 'leave out revoked tokens')
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ store, json, out, say }) => {
        const tokens = await store.listTokens({ activeOnly: options.active === true });
        if (json) {
          out(tokens.map(tokenView));
          return;
        }
        if (tokens.length === 0) say('No tokens yet: create one with `callwarden token create`.');
        for (const t of tokens) {
          const residents = t.role === 'carer' ? ` residents ${t.residentIds.join(', ')}` : '';
          const used = t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : 'never used';
          const state = t.revokedAt ? `REVOKED ${t.revokedAt.toISOString()}` : 'active';
          say(`${t.id}\t${t.name} (${t.role}${residents})\tcreated ${t.createdAt.toISOString()}\t${used}\t${state}`);
        }
      });
    });

  withGlobalOptions(token.command('revoke'))
    .description('revoke an API token by its id (see `token list`); the API refuses it from its next request')
    .argument('<id>', 'the token id')
    .action(async (rawId: string, _options, command: Command) => {
      const id = Number(rawId);
      if (!/^\d+$/.test(rawId) || !Number.isSafeInteger(id) || id < 1) {
        throw new CliError(`the token id must be a positive whole number (got '${rawId}')`);
      }
      await runWithStore(command, async ({ store, json, out, say }) => {
        const before = await store.getToken(id);
        if (!before) throw new CliError(`there is no token with id ${id} (see \`callwarden token list\`)`);
        const revoked = await store.revokeToken(id);
        if (!revoked) throw new CliError(`there is no token with id ${id}`);
        if (json) out(tokenView(revoked));
        else if (before.revokedAt) say(`Token ${id} (${revoked.name}) was already revoked.`);
        else say(`Token ${id} (${revoked.name}, ${revoked.role}) is revoked: the API refuses it from now on.`);
      });
    });
}
