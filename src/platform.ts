// Starting and stopping the platform: open services, migrate, seed, build the app. Shared by the
// CLI, tests and benches so each starts the system the same way.
import type { Services } from './core/action.js';
import type { Config } from './core/config.js';
import { coreMigrations } from './core/db/core-migrations.js';
import { migrateToLatest } from './core/db/migrate.js';
import type { DbHandle } from './core/db/index.js';
import { createRegistry } from './app.js';
import type { AppDeps } from './manifest.js';
import { modules } from './modules.js';
import { createServices, type ServiceOptions } from './services.js';
import { agencyCount } from './modules/agencies/manifest.js';

export const allMigrations = () => [...coreMigrations, ...modules.flatMap((m) => m.migrations)];

export async function migrate(services: Pick<Services, 'db' | 'dialect'>): Promise<string[]> {
  return migrateToLatest(services.db, services.dialect, allMigrations());
}

export async function isEmpty(services: Services): Promise<boolean> {
  return (await agencyCount(services.db)) === 0;
}

export async function seedDemo(deps: AppDeps): Promise<void> {
  for (const m of modules) if (m.seedDemo) await m.seedDemo(deps);
}

/** Services and registry without HTTP: what the CLI and action tests use. */
export function openPlatform(config: Config, options: ServiceOptions = {}): { services: Services; dbHandle: DbHandle; deps: AppDeps } {
  const { services, dbHandle } = createServices(config, options);
  const registry = createRegistry(services);
  return { services, dbHandle, deps: { services, registry, modules } };
}
