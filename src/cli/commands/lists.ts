import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { runWithStore, wholeNumber, withGlobalOptions } from '../context.js';

/** `contact …`, `block …` and `dno …`: the lists screening reads. */
export function registerListCommands(program: Command): void {
  const contact = program.command('contact').description("manage a resident's trusted contacts (always ring through)");

  withGlobalOptions(contact.command('add'))
    .description('add a trusted contact for a resident')
    .requiredOption('--resident <number>', "the resident's number")
    .requiredOption('--number <number>', "the contact's number")
    .requiredOption('--name <name>', "the contact's name, e.g. 'Daughter Sarah'")
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ ops, json, out, say }) => {
        const resident = await ops.residentByNumber(options.resident);
        const added = await ops.addContact({ resident, number: options.number, name: options.name });
        if (json) out({ ...added, createdAt: added.createdAt.toISOString() });
        else say(`${added.name} (${added.number}) now rings straight through to ${resident.name}.`);
      });
    });

  withGlobalOptions(contact.command('remove'))
    .description('remove a trusted contact')
    .requiredOption('--resident <number>', "the resident's number")
    .requiredOption('--number <number>', "the contact's number")
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ ops, json, out, say }) => {
        const resident = await ops.residentByNumber(options.resident);
        await ops.removeContact(resident, options.number);
        if (json) out({ removed: options.number });
        else say(`Removed ${options.number} from ${resident.name}'s trusted contacts.`);
      });
    });

  withGlobalOptions(contact.command('list'))
    .description("list a resident's trusted contacts")
    .requiredOption('--resident <number>', "the resident's number")
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ ops, store, json, out, say }) => {
        const resident = await ops.residentByNumber(options.resident);
        const contacts = await store.listContacts(resident.id);
        if (json) out(contacts.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })));
        else for (const c of contacts) say(`${c.number}\t${c.name}`);
      });
    });

  const block = program.command('block').description('manage the block list');

  withGlobalOptions(block.command('add'))
    .description('block a number (for everyone, or for one resident with --resident)')
    .requiredOption('--number <number>', 'the number to block')
    .requiredOption('--reason <text>', 'why, in words a carer understands')
    .option('--resident <number>', 'block only for this resident')
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ ops, json, out, say }) => {
        const resident = options.resident ? await ops.residentByNumber(options.resident) : null;
        const added = await ops.addBlock({ number: options.number, reason: options.reason, source: 'admin', resident });
        if (json) out({ ...added, createdAt: added.createdAt.toISOString() });
        else
          say(`Blocked ${added.number}${resident ? ` for ${resident.name}` : ' for every resident'}: ${added.reason}.`);
      });
    });

  withGlobalOptions(block.command('remove'))
    .description('unblock a number')
    .requiredOption('--number <number>', 'the number to unblock')
    .option('--resident <number>', 'remove the block for this resident only')
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ ops, json, out, say }) => {
        const resident = options.resident ? await ops.residentByNumber(options.resident) : null;
        await ops.removeBlock(options.number, resident);
        if (json) out({ removed: options.number });
        else say(`Unblocked ${options.number}.`);
      });
    });

  withGlobalOptions(block.command('list'))
    .description('list blocked numbers')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ store, json, out, say }) => {
        const blocks = await store.listBlocks({ limit: wholeNumber(options.limit, '--limit') });
        if (json) out(blocks.map((b) => ({ ...b, createdAt: b.createdAt.toISOString() })));
        else for (const b of blocks) say(`${b.number}\t${b.residentId ?? 'all'}\t${b.source}\t${b.reason}`);
      });
    });

  const dno = program
    .command('dno')
    .description("the Do-Not-Originate list (banks' and public bodies' inbound-only numbers)");

  withGlobalOptions(dno.command('import'))
    .description('import a CSV with a header row; column `number` required, `owner` and others kept')
    .argument('<file>', 'CSV file')
    .action(async (file: string, _options, command: Command) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await runWithStore(command, async ({ ops, json, out, say }) => {
        const result = await ops.importDnoCsv(text);
        for (const problem of result.rejected) say(`${file}:${problem.line}: skipped: ${problem.error}`);
        if (json) out(result);
        else
          say(
            `Imported ${result.imported} new and ${result.updated} updated DNO numbers; skipped ${result.rejected.length} bad lines.`,
          );
        if (result.rejected.length > 0) process.exitCode = 2;
      });
    });

  withGlobalOptions(dno.command('list'))
    .description('list the Do-Not-Originate numbers')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ store, json, out, say }) => {
        const entries = await store.listDno({ limit: wholeNumber(options.limit, '--limit') });
        if (json) out(entries.map((e) => ({ ...e, importedAt: e.importedAt.toISOString() })));
        else for (const e of entries) say(`${e.number}\t${e.owner ?? ''}`);
      });
    });
}
