// Module commands for the CLI (deliberation analyze, imports, ...) are added here.
import type { Command } from 'commander';
import type { openPlatform } from './platform.js';
import { deliberationCommands } from './modules/deliberation/cli.js';
import { opendataCommands } from './modules/opendata/harvest/import-cli.js';

export type WithPlatform = (work: (p: ReturnType<typeof openPlatform>) => Promise<number | void>) => Promise<void>;

export function cliCommands(program: Command, withPlatform: WithPlatform): void {
  deliberationCommands(program, withPlatform);
  opendataCommands(program, withPlatform);
}
