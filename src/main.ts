// Command-line entry: `opengov serve | migrate | seed | user create | token create | audit verify`.
import { Command, Option } from 'commander';
import { systemActor, roles } from './core/actor.js';
import { ConfigError, loadConfig, type Config } from './core/config.js';
import { AppError } from './core/errors.js';
import { verifyAuditChain } from './core/audit/index.js';
import { t } from './core/i18n/index.js';
import { buildApp } from './app.js';
import { isEmpty, migrate, openPlatform, seedDemo } from './platform.js';
import { userCreate } from './modules/accounts/actions/users.js';
import { apiTokenCreate } from './modules/accounts/actions/tokens.js';
import { findUserByEmail } from './modules/accounts/queries.js';
import { normalizeEmail } from './modules/accounts/model.js';
import { cliCommands } from './cli-commands.js';

function config(): Config {
  return loadConfig();
}

/** Opens the platform, runs `work`, closes the database, and turns failures into exit codes. */
async function withPlatform(work: (p: ReturnType<typeof openPlatform>) => Promise<number | void>): Promise<void> {
  const platform = openPlatform(config());
  try {
    await migrate(platform.services);
    const code = await work(platform);
    process.exitCode = code ?? 0;
  } finally {
    await platform.dbHandle.close();
  }
}

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
  .action(async (options: { demo?: boolean }) => {
    const platform = openPlatform(config());
    const { services } = platform;
    await migrate(services);
    if (options.demo && (await isEmpty(services))) {
      await seedDemo(platform.deps);
      services.logger.info('demo data loaded');
    }
    const { app, jobs } = await buildApp(services);
    if (services.config.secretIsEphemeral) services.logger.warn('SECRET is not set: sessions will not survive a restart');
    if (services.config.jobsEnabled) jobs.start();
    const shutdown = async () => {
      await jobs.stop();
      await app.close();
      await platform.dbHandle.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    await app.listen({ port: services.config.port, host: services.config.host });
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(() =>
    withPlatform(async () => {
      console.log('migrations applied');
    }),
  );

program
  .command('seed')
  .description('Load data into the database')
  .option('--demo', 'demo agencies, users and content (skipped for records that already exist)')
  .action((options: { demo?: boolean }) =>
    withPlatform(async ({ deps }) => {
      if (!options.demo) {
        console.error('Nothing to seed: pass --demo');
        return 2;
      }
      await seedDemo(deps);
      console.log('demo data loaded');
    }),
  );

const user = program.command('user').description('Manage users');
user
  .command('create')
  .description('Create a user whose email counts as verified')
  .requiredOption('--email <email>', 'email address')
  .requiredOption('--password <password>', 'password (at least 10 characters)')
  .addOption(new Option('--role <role>', 'role').choices([...roles]).default('citizen'))
  .option('--agency <code>', 'agency code (required for agency_staff and agency_admin)')
  .option('--name <name>', 'full name')
  .action((options: { email: string; password: string; role: string; agency?: string; name?: string }) =>
    withPlatform(async ({ deps }) => {
      const result = await deps.registry.call(
        userCreate,
        { email: options.email, password: options.password, role: options.role, agencyCode: options.agency, name: options.name },
        { actor: systemActor('cli') },
      );
      console.log(`created user ${result.userId}`);
    }),
  );

const token = program.command('token').description('Manage API tokens');
token
  .command('create')
  .description('Create an API token for a user; the token is printed on the last line')
  .requiredOption('--email <email>', 'the user the token acts as')
  .option('--name <name>', 'a name to recognise the token by', 'cli')
  .action((options: { email: string; name: string }) =>
    withPlatform(async ({ services, deps }) => {
      const found = await findUserByEmail(services.db, normalizeEmail(options.email));
      if (!found) {
        console.error(`No user with email ${options.email}`);
        return 1;
      }
      const actor = { userId: found.id, role: found.role, agencyId: found.agency_id, emailVerified: !!found.email_verified_at, mobileVerified: !!found.mobile_verified_at, via: 'cli' as const };
      const created = await deps.registry.call(apiTokenCreate, { name: options.name }, { actor });
      console.log(`token ${created.id} for ${found.email}:`);
      console.log(created.token);
    }),
  );

const audit = program.command('audit').description('Audit log');
audit
  .command('verify')
  .description('Check the whole hash chain; exit code 1 and the first broken link if it does not hold')
  .action(() =>
    withPlatform(async ({ services }) => {
      const result = await verifyAuditChain(services.db);
      if (result.ok) {
        console.log(`audit log intact: ${result.checked} records`);
        return 0;
      }
      console.error(`audit log broken at record ${result.firstBroken!.seq}: ${result.firstBroken!.reason} (${result.checked} records before it are intact)`);
      return 1;
    }),
  );

cliCommands(program, withPlatform);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(describeError(error));
  process.exitCode = error instanceof ConfigError ? 78 : 1;
});
