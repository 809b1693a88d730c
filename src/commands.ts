// What the core CLI commands run (declared in main.ts, which loads this file only once a command is
// chosen): each opens the platform, does its work and returns the exit code.
import { systemActor } from './core/actor.js';
import { loadConfig } from './core/config.js';
import { verifyAuditChain } from './core/audit/index.js';
import { readCheckpoints, writeCheckpoint } from './core/audit/checkpoints.js';
import { auditKeys } from './core/audit/keys.js';
import { buildApp } from './app.js';
import type { AppDeps } from './manifest.js';
import { isEmpty, migrate, openPlatform, seedDemo } from './platform.js';
import { userCreate } from './modules/accounts/actions/users.js';
import { apiTokenCreate } from './modules/accounts/actions/tokens.js';
import { findUserByEmail } from './modules/accounts/queries.js';
import { accountsDb } from './modules/accounts/tables.js';
import { normalizeEmail } from './modules/accounts/model.js';

type Platform = ReturnType<typeof openPlatform>;

/** Opens the platform, runs `work`, closes the database, and sets the exit code `work` returned. */
export async function withPlatform(work: (p: Platform) => Promise<number | void>): Promise<void> {
  const platform = openPlatform(loadConfig());
  try {
    await migrate(platform.services);
    const code = await work(platform);
    process.exitCode = code ?? 0;
  } finally {
    await platform.dbHandle.close();
  }
}

export const withDeps = (work: (deps: AppDeps) => Promise<number | void>) => withPlatform(({ deps }) => work(deps));

export async function serve(options: { demo?: boolean }): Promise<void> {
  const platform = openPlatform(loadConfig());
  const { services } = platform;
  await migrate(services);
  if (options.demo && (await isEmpty(services))) {
    await seedDemo(platform.deps);
    services.logger.info('demo data loaded');
  }
  const { app, jobs, deps } = await buildApp(services);
  if (services.config.secretIsEphemeral) services.logger.warn('SECRET is not set: sessions will not survive a restart');
  if (services.config.jobsEnabled) jobs.start();
  const servers: Array<{ close(): Promise<void> }> = [];
  const shutdown = async () => {
    await jobs.stop();
    await Promise.all(servers.map((s) => s.close()));
    await app.close();
    await platform.dbHandle.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: services.config.port, host: services.config.host });
  for (const module of deps.modules) if (module.servers) servers.push(...(await module.servers(deps)));
}

export const migrateCommand = () =>
  withPlatform(async () => {
    console.log('migrations applied');
  });

export const seedCommand = (options: { demo?: boolean }) =>
  withPlatform(async ({ deps }) => {
    if (!options.demo) {
      console.error('Nothing to seed: pass --demo');
      return 2;
    }
    await seedDemo(deps);
    console.log('demo data loaded');
  });

export const userCreateCommand = (options: { email: string; password: string; role: string; agency?: string; name?: string }) =>
  withPlatform(async ({ deps }) => {
    const result = await deps.registry.call(
      userCreate,
      { email: options.email, password: options.password, role: options.role, agencyCode: options.agency, name: options.name },
      { actor: systemActor('cli') },
    );
    console.log(`created user ${result.userId}`);
  });

export const tokenCreateCommand = (options: { email: string; name: string }) =>
  withPlatform(async ({ services, deps }) => {
    const found = await findUserByEmail(accountsDb(services.db), normalizeEmail(options.email));
    if (!found) {
      console.error(`No user with email ${options.email}`);
      return 1;
    }
    const actor = { userId: found.id, role: found.role, agencyId: found.agency_id, emailVerified: !!found.email_verified_at, mobileVerified: !!found.mobile_verified_at, via: 'cli' as const, level: 1 as const };
    const created = await deps.registry.call(apiTokenCreate, { name: options.name }, { actor });
    console.log(`token ${created.id} for ${found.email}:`);
    console.log(created.token);
  });

export const auditCheckpointCommand = () =>
  withPlatform(async ({ services }) => {
    const checkpoint = await writeCheckpoint(services.db, auditKeys(services.config.secret), services.config.dataDir, services.clock);
    console.log(checkpoint ? `checkpoint: ${checkpoint.seq} records, head ${checkpoint.hash}` : 'the audit log is empty: no checkpoint');
  });

export const auditVerifyCommand = () =>
  withPlatform(async ({ services }) => {
    const result = await verifyAuditChain(services.db, auditKeys(services.config.secret), await readCheckpoints(services.config.dataDir));
    if (result.ok) {
      console.log(`audit log intact: ${result.checked} records, ${result.checkpoints} signed checkpoints`);
      return 0;
    }
    console.error(`audit log broken at record ${result.firstBroken!.seq}: ${result.firstBroken!.reason} (${result.checked} records before it are intact)`);
    return 1;
  });
