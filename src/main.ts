// Command-line entry: `opengov serve | migrate | seed | user create | token create | audit verify`,
// plus the modules' commands (module-clis.ts). Only declarations load here; each command imports what
// it runs once chosen (commands.ts, a module's cli-run), so `opengov --help` loads commander and little else.
import { Command, Option } from 'commander';
import { roles } from './core/actor.js';
import { ConfigError } from './core/config.js';
import { AppError } from './core/errors.js';
import { t } from './core/i18n/index.js';
import type { WithDeps } from './manifest.js';
import { findModuleClis } from './module-clis.js';

const commands = () => import('./commands.js');

function describeError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof AppError) {
    const fields = error.fields.map((f) => `  ${f.field}: ${t('en', f.message, f.params)}`).join('\n');
    return `Error: ${t('en', error.message, error.params)}${fields ? `\n${fields}` : ''}`;
  }
  return `Error: ${(error as Error).message ?? String(error)}`;
}

const program = new Command();
program.name('opengov').description('opengov: open data, participation, deliberation and data exchange platform').showHelpAfterError();

program
  .command('serve')
  .description('Migrate the database and serve the platform (PORT, DATABASE_URL, BASE_URL, SECRET, ...)')
  .option('--demo', 'load demo agencies, users and content when the database is empty')
  .action(async (options: { demo?: boolean }) => (await commands()).serve(options));

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => (await commands()).migrateCommand());

program
  .command('seed')
  .description('Load data into the database')
  .option('--demo', 'demo agencies, users and content (skipped for records that already exist)')
  .action(async (options: { demo?: boolean }) => (await commands()).seedCommand(options));

const user = program.command('user').description('Manage users');
user
  .command('create')
  .description('Create a user whose email counts as verified')
  .requiredOption('--email <email>', 'email address')
  .requiredOption('--password <password>', 'password (at least 10 characters)')
  .addOption(new Option('--role <role>', 'role').choices([...roles]).default('citizen'))
  .option('--agency <code>', 'agency code (required for agency_staff and agency_admin)')
  .option('--name <name>', 'full name')
  .action(async (options: { email: string; password: string; role: string; agency?: string; name?: string }) => (await commands()).userCreateCommand(options));

const token = program.command('token').description('Manage API tokens');
token
  .command('create')
  .description('Create an API token for a user; the token is printed on the last line')
  .requiredOption('--email <email>', 'the user the token acts as')
  .option('--name <name>', 'a name to recognise the token by', 'cli')
  .action(async (options: { email: string; name: string }) => (await commands()).tokenCreateCommand(options));

const audit = program.command('audit').description('Audit log');
audit
  .command('verify')
  .description('Check the whole hash chain; exit code 1 and the first broken link if it does not hold')
  .action(async () => (await commands()).auditVerifyCommand());
audit
  .command('checkpoint')
  .description('Sign the head of the log (count and hash) and append it to DATA_DIR/audit/checkpoints.jsonl (the server does so every minute)')
  .action(async () => (await commands()).auditCheckpointCommand());

const withDeps: WithDeps = async (work) => (await commands()).withDeps(work);

try {
  for (const { cli } of await findModuleClis()) cli(program, withDeps);
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(describeError(error));
  process.exitCode = error instanceof ConfigError ? 78 : 1;
}
