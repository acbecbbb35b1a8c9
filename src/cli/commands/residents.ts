import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Resident } from '../../residents/resident.js';
import { digestHa1, sipRealm, sipUsername } from '../../telephony/b2bua/registrar.js';
import { CliError } from '../cli-error.js';
import { runWithStore, wholeNumber, withGlobalOptions } from '../context.js';

/** `resident add|list|show|set|remove`: the protected lines. */
export function registerResidentCommands(program: Command): void {
  const resident = program.command('resident').description('manage residents (the protected phone lines)');

  withGlobalOptions(resident.command('add'))
    .description('protect a resident line')
    .requiredOption('--number <number>', "the resident's own phone number")
    .requiredOption('--name <name>', "the resident's name as carers know them")
    .option('--postcode <district>', 'postcode district, e.g. CM23')
    .option('--phone <sipUri>', "SIP URI where the resident's phone is reached")
    .option('--settings <json>', 'screening settings as JSON, e.g. {"international":"block"}')
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ ops, json, out, say }) => {
        const created = await ops.addResident({
          number: options.number,
          name: options.name,
          postcode: options.postcode,
          phone: options.phone,
          settings: options.settings === undefined ? undefined : parseJson(options.settings, '--settings'),
        });
        if (json) out(view(created));
        else say(`Protecting ${created.name} on ${created.number} (resident ${created.id}).`);
      });
    });

  withGlobalOptions(resident.command('list'))
    .description('list residents')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (options, command: Command) => {
      await runWithStore(command, async ({ store, json, out, say }) => {
        const residents = await store.listResidents({ limit: wholeNumber(options.limit, '--limit') });
        if (json) out(residents.map(view));
        else for (const r of residents) say(`${r.id}\t${r.number}\t${r.name}\t${r.postcode ?? ''}`);
      });
    });

  withGlobalOptions(resident.command('show'))
    .description('show a resident, their settings and trusted contacts')
    .argument('<number>', "the resident's number")
    .action(async (number: string, _options, command: Command) => {
      await runWithStore(command, async ({ ops, store, json, out, say }) => {
        const found = await ops.residentByNumber(number);
        const contacts = await store.listContacts(found.id);
        const result = { ...view(found), contacts: contacts.map((c) => ({ number: c.number, name: c.name })) };
        if (json) out(result);
        else say(JSON.stringify(result, null, 2));
      });
    });

  withGlobalOptions(resident.command('sip-password'))
    .description("generate the password the resident's phone REGISTERs with (printed once; only its digest is kept)")
    .argument('<number>', "the resident's number")
    .action(async (number: string, _options, command: Command) => {
      await runWithStore(command, async ({ ops, store, json, out, say }) => {
        const found = await ops.residentByNumber(number);
        const username = sipUsername(found.number);
        const password = randomBytes(18).toString('base64url');
        if (!(await store.setSipCredential(found.id, digestHa1(username, password)))) {
          throw new CliError(`resident ${found.number} no longer exists`);
        }
        const result = { username, realm: sipRealm, password };
        if (json) out(result);
        else {
          say(`SIP credentials for ${found.name} (${found.number}); the password is shown only now:`);
          say(`  username: ${username}\n  realm:    ${sipRealm}\n  password: ${password}`);
        }
      });
    });

  withGlobalOptions(resident.command('set'))
    .description("change a resident's screening settings")
    .argument('<number>', "the resident's number")
    .option('--unknown <action>', 'unknown callers: screen | ring | voicemail')
    .option('--withheld <action>', 'withheld numbers: screen | voicemail | block')
    .option('--international <action>', 'callers from abroad: screen | block | ring')
    .option('--premium-rate <action>', 'premium-rate numbers: block | screen')
    .option('--quiet-hours <range>', "HH:MM-HH:MM when non-contacts go to voicemail, or 'off'")
    .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/London')
    .option('--block-response <how>', 'decline | announce | silent')
    .action(async (number: string, options, command: Command) => {
      await runWithStore(command, async ({ ops, json, out, say }) => {
        const found = await ops.residentByNumber(number);
        const changes: Record<string, unknown> = {};
        if (options.unknown) changes.unknownCallers = options.unknown;
        if (options.withheld) changes.withheld = options.withheld;
        if (options.international) changes.international = options.international;
        if (options.premiumRate) changes.premiumRate = options.premiumRate;
        if (options.timeZone) changes.timeZone = options.timeZone;
        if (options.blockResponse) changes.blockResponse = options.blockResponse;
        if (options.quietHours) changes.quietHours = quietHours(options.quietHours);
        const updated = await ops.updateResidentSettings(found.id, changes);
        if (json) out(view(updated));
        else say(`Settings for ${updated.name}: ${JSON.stringify(updated.settings)}`);
      });
    });

  withGlobalOptions(resident.command('remove'))
    .description('stop protecting a resident line (their contacts go with it)')
    .argument('<number>', "the resident's number")
    .action(async (number: string, _options, command: Command) => {
      await runWithStore(command, async ({ ops, json, out, say }) => {
        const found = await ops.residentByNumber(number);
        await ops.removeResident(found.id);
        if (json) out({ removed: found.number });
        else say(`Removed ${found.name} (${found.number}).`);
      });
    });
}

export function view(resident: Resident) {
  return { ...resident, createdAt: resident.createdAt.toISOString() };
}

function parseJson(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${option} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function quietHours(text: string): { start: string; end: string } | null {
  if (text === 'off') return null;
  const match = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(text.trim());
  if (!match) throw new CliError(`--quiet-hours must look like 21:00-08:00 or 'off' (got '${text}')`);
  const pad = (clock: string) => clock.padStart(5, '0');
  return { start: pad(match[1] ?? ''), end: pad(match[2] ?? '') };
}
