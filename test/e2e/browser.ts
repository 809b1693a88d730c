// What the browser tests share: the app served on a random port from a fresh SQLite file with demo
// data, Debian's Chromium through playwright-core, and a page check that saves a screenshot and
// runs axe (WCAG 2.1 A and AA) on every page a journey visits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/core/config.js';
import { buildApp } from '../../src/app.js';
import { migrate, openPlatform, seedDemo } from '../../src/platform.js';
import type { AppDeps } from '../../src/manifest.js';
import { freePort } from '../helpers.js';
import type { TestContext } from 'node:test';
import type { Clock } from '../../src/core/clock.js';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const screenshotDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

/**
 * Why the browser tests cannot run here, or false when they can. In CI a missing Chromium is an
 * error rather than a skip: .ci/run installs it, so its absence means the install step broke.
 */
export function browserSkipReason(): string | false {
  if (fs.existsSync(chromiumPath)) return false;
  const reason = `Chromium not found at ${chromiumPath}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`;
  if (process.env.CI && process.env.CI !== 'false') throw new Error(reason);
  return reason;
}

export interface RunningApp {
  baseUrl: string;
  app: FastifyInstance;
  deps: AppDeps;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Serves the platform the way `opengov serve --demo` does, on SQLite in a temporary folder; with a
 * clock the test moves (deadlines, endorsement windows).
 */
export async function startApp(options: { clock?: Clock; port?: number; hostname?: string; env?: Record<string, string> } = {}): Promise<RunningApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-e2e-'));
  const port = options.port ?? (await freePort());
  // Another name than 127.0.0.1 when a second server runs beside it: cookies do not tell ports apart.
  const baseUrl = `http://${options.hostname ?? '127.0.0.1'}:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${path.join(dataDir, 'opengov.db')}`,
    SECRET: 'e2e-secret-0123456789-0123456789-abcdef',
    BASE_URL: baseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    JOBS: 'false',
    ...options.env,
  });
  const platform = openPlatform(config, { clock: options.clock });
  await migrate(platform.services);
  await seedDemo(platform.deps);
  const { app, deps } = await buildApp(platform.services);
  await app.listen({ port, host: '127.0.0.1' });
  return {
    baseUrl,
    app,
    deps,
    dataDir,
    close: async () => {
      await app.close();
      await platform.dbHandle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The platform and a browser for one test, both closed when the test ends. */
export async function startJourney(t: TestContext, options: { clock?: Clock } = {}): Promise<{ running: RunningApp; browser: Browser; base: string; checker: PageChecker }> {
  const running = await startApp(options);
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    await running.close();
  });
  return { running, browser, base: running.baseUrl, checker: new PageChecker() };
}

/** Signs in through the sign-in form. */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/signin`);
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
}

/** The latest SMS sent to `to`, read from the outbox table (as the admin outbox page shows it). */
export async function lastSmsTo(deps: AppDeps, to: string): Promise<string> {
  const row = await deps.services.db
    .selectFrom('outbox_messages')
    .select(['body'])
    .where('channel', '=', 'sms')
    .where('recipient', '=', to)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) throw new Error(`no SMS to ${to} in the outbox`);
  return row.body;
}

/**
 * On the step-up page: sends the code, reads it from the outbox, enters password and code. The page
 * returns where the step-up was asked for. `check` runs before each form (axe, screenshots).
 */
export async function stepUpWithSms(page: Page, deps: AppDeps, mobile: string, password: string, check?: (step: 'page' | 'sent') => Promise<void>): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/step-up')) throw new Error(`not on the step-up page: ${page.url()}`);
  await check?.('page');
  await Promise.all([page.waitForNavigation(), page.click('form[action^="/step-up/code"] button[type="submit"]')]);
  await check?.('sent');
  const code = /(\d{6})/.exec(await lastSmsTo(deps, mobile))?.[1];
  if (!code) throw new Error('no code in the SMS');
  await page.fill('#field-password', password);
  await page.fill('#field-code', code);
  await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
}

/**
 * Chooses an agency in an agency picker the way a keyboard user does: types part of its name into
 * the combobox (the field's id), then ArrowDown to the first match and Enter. Returns the value the
 * hidden native select now submits.
 */
export async function pickAgency(page: Page, selector: string, typed: string): Promise<string> {
  await page.fill(selector, typed);
  await page.press(selector, 'ArrowDown');
  await page.press(selector, 'Enter');
  return page.$eval(`${selector}-native`, (select) => (select as HTMLSelectElement).value);
}

export const desktop = { viewport: { width: 1280, height: 900 } };
export const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const failingImpacts = new Set(['serious', 'critical']);

/**
 * Collects problems over a whole journey: axe violations of serious or critical impact, and errors
 * the page ran into (a CSP violation, a script error, a stylesheet that failed to load). The journey
 * goes on after a problem so that one run lists them all; `assertClean` fails the test at the end.
 */
export class PageChecker {
  readonly problems: string[] = [];
  readonly visited: string[] = [];
  private consoleErrors = new WeakMap<Page, string[]>();

  /** Starts listening to a page's console; call once per page, before navigating. */
  watch(page: Page): Page {
    const errors: string[] = [];
    this.consoleErrors.set(page, errors);
    page.on('console', (message) => {
      // Failed loads are reported below with their address; the page's own status is the test's business.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && response.request().resourceType() !== 'document') errors.push(`${response.status()} for ${response.url()}`);
    });
    page.on('requestfailed', (request) => {
      const reason = request.failure()?.errorText ?? 'unknown';
      // The browser aborts a page's pending loads when the page navigates away (a script's fetch, the
      // favicon) or an island cancels a stale query: that is the page working, not failing. A load that
      // really fails answers 4xx/5xx (above) or another network error.
      if (reason === 'net::ERR_ABORTED' && request.resourceType() !== 'document') return;
      errors.push(`request failed: ${request.url()} (${reason})`);
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    return page;
  }

  async newPage(context: BrowserContext): Promise<Page> {
    return this.watch(await context.newPage());
  }

  /** Screenshot plus axe on the page as it is now. `expectedErrors` skips console lines it matches. */
  async check(page: Page, name: string, options: { expectedErrors?: RegExp } = {}): Promise<void> {
    this.visited.push(`${name}: ${page.url()}`);
    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });

    const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
    for (const violation of results.violations) {
      if (!failingImpacts.has(violation.impact ?? '')) continue;
      const nodes = violation.nodes
        .slice(0, 5)
        .map((node) => `      - ${node.target.join(' ')}\n        ${node.failureSummary?.replace(/\n/g, '\n        ') ?? ''}\n        html: ${node.html.slice(0, 200)}`)
        .join('\n');
      const more = violation.nodes.length > 5 ? `\n      ... and ${violation.nodes.length - 5} more` : '';
      this.problems.push(`[${name}] ${page.url()}\n    axe ${violation.impact}: ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}${more}`);
    }

    const errors = this.consoleErrors.get(page) ?? [];
    for (const line of errors.splice(0)) {
      if (options.expectedErrors?.test(line)) continue;
      this.problems.push(`[${name}] ${page.url()}\n    console error: ${line}`);
    }
  }

  assertClean(): void {
    if (this.problems.length === 0) return;
    throw new Error(`${this.problems.length} problem(s) on the pages visited:\n\n${this.problems.join('\n\n')}\n`);
  }
}

/** The latest e-mail sent to `to`, read from the outbox table (as the admin outbox page shows it). */
export async function lastEmailTo(deps: AppDeps, to: string): Promise<{ subject: string; body: string }> {
  const row = await deps.services.db
    .selectFrom('outbox_messages')
    .select(['subject', 'body'])
    .where('channel', '=', 'email')
    .where('recipient', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row) throw new Error(`no e-mail to ${to} in the outbox`);
  return row;
}
