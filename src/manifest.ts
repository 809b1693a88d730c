// What a module declares about itself. app.ts and main.ts read these; core never names a module.
import type { FastifyInstance } from 'fastify';
import type { AnyAction, Services } from './core/action.js';
import type { ModuleMigration } from './core/db/migrate.js';
import type { Locale, Messages } from './core/i18n/index.js';
import type { RecurringJob, TaskHandler } from './core/jobs/index.js';
import type { Registry } from './core/registry.js';
import type { Role } from './core/actor.js';

export interface AppDeps {
  services: Services;
  registry: Registry;
}

export interface NavItem {
  href: string;
  /** i18n key */
  label: string;
  /** Shown only to these roles; omitted means everyone. */
  roles?: Role[];
  area: 'main' | 'admin';
}

/** A card on the home page that leads into a module. */
export interface HomeCard {
  href: string;
  /** i18n keys */
  title: string;
  text: string;
  action: string;
}

export interface ModuleManifest {
  name: string;
  actions: AnyAction[];
  migrations: ModuleMigration[];
  messages?: Record<Locale, Messages>;
  nav?: NavItem[];
  home?: HomeCard[];
  jobs?: (deps: AppDeps) => RecurringJob[];
  taskHandlers?: (deps: AppDeps) => TaskHandler[];
  /** Request-wide plugins (authentication), registered before any module's routes. */
  plugins?: (app: FastifyInstance, deps: AppDeps) => Promise<void>;
  /** Registers the module's JSON API and pages. */
  routes?: (app: FastifyInstance, deps: AppDeps) => Promise<void>;
  /** Loads demo data into an empty database (called in module order). */
  seedDemo?: (deps: AppDeps) => Promise<void>;
}
