/**
 * The `callwarden` command line. Every command takes `--data DIR` (default `./data` or CALLWARDEN_DATA) and `--json`;
 * machine-readable output goes to stdout, human text and errors to stderr; bad input exits non-zero.
 */
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { registerDetectionCommands } from './commands/detection.js';
import { registerIntelligenceCommands } from './commands/intelligence.js';
import { registerListCommands } from './commands/lists.js';
import { registerReportCommands } from './commands/reports.js';
import { registerResidentCommands } from './commands/residents.js';
import { registerScreenCommands } from './commands/screen.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTokenCommands } from './commands/tokens.js';

const program = new Command('callwarden')
  .description('CallWarden: call screening and scam interception for protected phone lines')
  .showHelpAfterError()
  .exitOverride();

registerResidentCommands(program);
registerListCommands(program);
registerReportCommands(program);
registerIntelligenceCommands(program);
registerScreenCommands(program);
registerTokenCommands(program);
registerDetectionCommands(program);
registerServeCommand(program);

// Subcommands inherit the exit override so that usage errors come back here as exceptions.
for (const command of program.commands) {
  command.exitOverride();
  for (const sub of command.commands) sub.exitOverride();
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof CliError) {
    console.error(`callwarden: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    console.error(
      `callwarden: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  }
}
