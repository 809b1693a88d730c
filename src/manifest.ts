// What a module declares about itself. app.ts and main.ts read these; core never names a module.
import type { Command } from 'commander';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AnyAction, Services } from './core/action.js';
import type { AssuranceSetting } from './core/assurance.js';
import type { ModuleMigration } from './core/db/migrate.js';
import type { Locale, Messages } from './core/i18n/index.js';
import type { RecurringJob, TaskHandler } from './core/jobs/index.js';
import type { Registry } from './core/registry.js';
import type { PageContext } from './web/context.js';
import type { NavItem } from './web/nav.js';

export type { NavItem };

export interface AppDeps {
  services: Services;
  registry: Registry;
  /** The enabled modules (modules.ts), for code that gathers what every module contributes. */
  modules: readonly ModuleManifest[];
}

/** A card on the home page that leads into a module. */
export interface HomeCard {
  href: string;
  /** i18n keys */
  title: string;
  text: string;
  action: string;
}

/** A module's part of the site-wide search behind the header's search box. */
export interface SiteSearchSection {
  /** i18n key of the section heading */
  heading: string;
  /** Matches in all, of which `items` are the first few. */
  total: number;
  items: Array<{ title: string; href: string; detail?: string }>;
  /** The module's own search with the same words, for the rest. */
  moreHref: string | null;
}

/**
 * A part of this module that another module's page shows about its own subject, named by the
 * subject's page path (a proposal page asks about "/proposals/ID" and shows the conversation
 * that links to it). Null when the module has nothing about that subject.
 */
export type HostedSection = (deps: AppDeps, request: FastifyRequest, ctx: PageContext, subject: { path: string }) => Promise<VNode | null>;

/**
 * Opens the platform (database migrated), runs `work` and closes it; the number returned is the exit
 * code (nothing means 0). What a module's command uses to reach its actions.
 */
export type WithDeps = (work: (deps: AppDeps) => Promise<number | void>) => Promise<void>;

/**
 * A module's commands for the `opengov` CLI. It lives in the module's `cli.ts`, which the CLI finds
 * without loading any manifest (so `opengov --help` loads nothing else): it only declares commands
 * and imports what a command runs when that command is chosen.
 */
export type ModuleCli = (program: Command, withDeps: WithDeps) => void;

export interface ModuleManifest {
  name: string;
  actions: AnyAction[];
  migrations: ModuleMigration[];
  /**
   * The operator settings that name the assurance level an action needs, each made with
   * `levelSetting(default)` in the module's settings and checked by the action's policy with
   * `requireLevel` (core/assurance.ts). Listed here so tests and docs find every one.
   */
  assurance?: AssuranceSetting[];
  messages?: Record<Locale, Messages>;
  nav?: NavItem[];
  home?: HomeCard[];
  jobs?: (deps: AppDeps) => RecurringJob[];
  taskHandlers?: (deps: AppDeps) => TaskHandler[];
  /** Request-wide plugins (authentication), registered before any module's routes. */
  plugins?: (app: FastifyInstance, deps: AppDeps) => Promise<void>;
  /** Registers the module's JSON API and pages. */
  routes?: (app: FastifyInstance, deps: AppDeps) => Promise<void>;
  /** Sections this module contributes to other modules' pages (see HostedSection). */
  hostedSections?: HostedSection[];
  /** Finds the module's public things for the site-wide search (plain words, never query syntax). */
  siteSearch?: (deps: AppDeps, request: FastifyRequest, q: string) => Promise<SiteSearchSection>;
  /** Servers the module runs on their own ports beside the main one under `opengov serve`. */
  servers?: (deps: AppDeps) => Promise<Array<{ close(): Promise<void> }>>;
  /** The module's CLI commands: the same function its `cli.ts` exports as `cli` (see ModuleCli). */
  cli?: ModuleCli;
  /** Loads demo data into an empty database (called in module order). */
  seedDemo?: (deps: AppDeps) => Promise<void>;
}
