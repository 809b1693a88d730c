// Harvest sources: CKAN sites and DCAT feeds an agency harvests on a schedule. The actions manage
// the sources; runDueHarvests (a recurring job) claims each due source with a guarded UPDATE, so two
// processes never harvest the same source at once, runs the import and stores its report.
import { Type } from '@sinclair/typebox';
import { defineAction, type ActionContext } from '../../../core/action.js';
import { systemActor, type Actor } from '../../../core/actor.js';
import type { DB, Trx } from '../../../core/db/index.js';
import { fieldError, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { AppDeps } from '../../../manifest.js';
import { canImport, importCkan, importDcat, type ImportReport } from './actions/import-sources.js';
import { findAgencyRef } from '../queries.js';
import { checkUrl, FetchRefused } from '../ssrf.js';
import type { OdHarvestSourcesTable } from '../tables.js';
import { signedIn, withRole } from '../../../core/access.js';

const HOUR_MS = 3_600_000;
/** A run that has not finished after this long is taken to have died with its process. */
const LEASE_MS = 2 * HOUR_MS;
/** Incremental CKAN runs reach back this far before the last successful start, for clock skew. */
const OVERLAP_MS = 10 * 60_000;
const MAX_FAILED_ROWS = 200;

export type HarvestKind = 'ckan' | 'dcat';

/** What a run stored: counts, the rows that failed with their reasons, a whole-source error. */
export interface HarvestReport {
  created: number;
  updated: number;
  failed: number;
  failedRows: Array<{ key: string; title: string; reasons: string[] }>;
  error?: string;
  /** The CKAN modifiedSince bound the run asked with, if it was incremental. */
  since?: string;
}

export interface HarvestSource {
  id: string;
  agencyId: string;
  agencyCode: string;
  agencyNameZh: string;
  agencyNameEn: string;
  kind: HarvestKind;
  url: string;
  everyHours: number;
  enabled: boolean;
  createdAt: string;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastSuccessAt: string | null;
  nextRunAt: string;
  report: HarvestReport | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isAdmin = (actor: Actor | null) => actor?.role === 'agency_admin' || actor?.role === 'platform_admin';

async function findSourceRow(db: DB | Trx, id: string): Promise<OdHarvestSourcesTable | undefined> {
  return db.selectFrom('od_harvest_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Who may manage a source: the same people who may import into its agency. */
async function mayManageSource(ctx: ActionContext, id: string): Promise<boolean> {
  const source = await findSourceRow(ctx.db, id);
  if (!source) return isAdmin(ctx.actor);
  return canImport(ctx.actor, source.agency_id);
}

async function requireSource(ctx: ActionContext, id: string): Promise<OdHarvestSourcesTable> {
  const source = await findSourceRow(ctx.db, id);
  if (!source) throw notFound('opendata.harvest.not_found');
  return source;
}

function parseReport(text: string | null): HarvestReport | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as HarvestReport;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Actions

const idInput = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const harvestSourceCreate = defineAction({
  name: 'harvest_source_create',
  input: Type.Object(
    {
      agency: Type.String({ minLength: 1, maxLength: 100 }),
      kind: Type.Union([Type.Literal('ckan'), Type.Literal('dcat')]),
      url: Type.String({ minLength: 1, maxLength: 2000 }),
      every_hours: Type.Integer({ minimum: 1, maximum: 720 }),
      /** Tests only (and honoured only when NODE_ENV=test): accept a loopback address. */
      allowLoopback: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  caller: signedIn,
  async policy(ctx, input) {
    if (ctx.actor?.role === 'platform_admin') return true;
    const agency = await findAgencyRef(ctx.db, input.agency);
    return canImport(ctx.actor, agency?.id);
  },
  async run(ctx, input) {
    const agency = await findAgencyRef(ctx.db, input.agency);
    if (!agency) throw fieldError('agency', 'opendata.unknown_agency');
    const url = input.url.trim();
    try {
      checkUrl(url, { allowLoopback: input.allowLoopback === true && ctx.config.env === 'test' });
    } catch (error) {
      if (error instanceof FetchRefused) throw fieldError('url', `opendata.import.refused.${error.reason}`, { detail: error.detail });
      throw error;
    }
    const now = ctx.clock.now().toISOString();
    const id = newId();
    await ctx.db
      .insertInto('od_harvest_sources')
      .values({
        id,
        agency_id: agency.id,
        kind: input.kind,
        url,
        every_hours: input.every_hours,
        enabled: 1,
        created_by: ctx.actor!.userId,
        created_at: now,
        last_started_at: null,
        last_finished_at: null,
        last_success_at: null,
        last_report: null,
        next_run_at: now,
      })
      .execute();
    await ctx.audit({ action: 'harvest_source_create', subjectType: 'harvest_source', subjectId: id, data: { agencyId: agency.id, kind: input.kind, url, everyHours: input.every_hours } });
    return { id };
  },
});

export const harvestSourceList = defineAction({
  name: 'harvest_source_list',
  sideEffectFree: true,
  input: Type.Object({}, { additionalProperties: false }),
  caller: withRole('agency_admin', 'platform_admin'),
  async run(ctx): Promise<HarvestSource[]> {
    let query = ctx.db
      .selectFrom('od_harvest_sources as s')
      .innerJoin('agencies as a', 'a.id', 's.agency_id')
      .selectAll('s')
      .select(['a.code as agency_code', 'a.name_zh as agency_name_zh', 'a.name_en as agency_name_en'])
      .orderBy('s.created_at')
      .orderBy('s.id');
    if (ctx.actor!.role !== 'platform_admin') query = query.where('s.agency_id', '=', ctx.actor!.agencyId ?? '');
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      agencyId: r.agency_id,
      agencyCode: r.agency_code,
      agencyNameZh: r.agency_name_zh,
      agencyNameEn: r.agency_name_en,
      kind: r.kind,
      url: r.url,
      everyHours: Number(r.every_hours),
      enabled: Number(r.enabled) === 1,
      createdAt: r.created_at,
      lastStartedAt: r.last_started_at,
      lastFinishedAt: r.last_finished_at,
      lastSuccessAt: r.last_success_at,
      nextRunAt: r.next_run_at,
      report: parseReport(r.last_report),
    }));
  },
});

/** Makes the source due now; the harvest job picks it up on its next tick. */
export const harvestSourceRunNow = defineAction({
  name: 'harvest_source_run_now',
  input: idInput,
  caller: signedIn,
  policy: (ctx, input) => mayManageSource(ctx, input.id),
  async run(ctx, input) {
    await requireSource(ctx, input.id);
    await ctx.db.updateTable('od_harvest_sources').set({ next_run_at: ctx.clock.now().toISOString() }).where('id', '=', input.id).execute();
    return { id: input.id };
  },
});

export const harvestSourceSetEnabled = defineAction({
  name: 'harvest_source_set_enabled',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), enabled: Type.Boolean() }, { additionalProperties: false }),
  caller: signedIn,
  policy: (ctx, input) => mayManageSource(ctx, input.id),
  async run(ctx, input) {
    await requireSource(ctx, input.id);
    await ctx.db.updateTable('od_harvest_sources').set({ enabled: input.enabled ? 1 : 0 }).where('id', '=', input.id).execute();
    await ctx.audit({ action: input.enabled ? 'harvest_source_enable' : 'harvest_source_disable', subjectType: 'harvest_source', subjectId: input.id });
    return { id: input.id, enabled: input.enabled };
  },
});

export const harvestSourceDelete = defineAction({
  name: 'harvest_source_delete',
  input: idInput,
  caller: signedIn,
  policy: (ctx, input) => mayManageSource(ctx, input.id),
  async run(ctx, input) {
    const source = await requireSource(ctx, input.id);
    await ctx.db.deleteFrom('od_harvest_sources').where('id', '=', input.id).execute();
    // Harvested datasets stay: they belong to the agency's catalog now.
    await ctx.audit({ action: 'harvest_source_delete', subjectType: 'harvest_source', subjectId: input.id, data: { agencyId: source.agency_id, kind: source.kind, url: source.url } });
    return { id: input.id };
  },
});

export const harvestActions = [harvestSourceCreate, harvestSourceList, harvestSourceRunNow, harvestSourceSetEnabled, harvestSourceDelete];

// ---------------------------------------------------------------------------------------------
// Runner

/**
 * Claims one source for this run. Moving next_run_at past the lease in the same UPDATE means no
 * other process matches it again until this run finishes or is presumed dead.
 */
async function claimSource(deps: AppDeps, id: string, nowMs: number): Promise<boolean> {
  const now = iso(nowMs);
  const result = await deps.services.db
    .updateTable('od_harvest_sources')
    .set({ last_started_at: now, next_run_at: iso(nowMs + LEASE_MS) })
    .where('id', '=', id)
    .where('enabled', '=', 1)
    .where('next_run_at', '<=', now)
    .where((eb) =>
      eb.or([
        eb('last_started_at', 'is', null),
        eb('last_finished_at', '>=', eb.ref('last_started_at')),
        eb('last_started_at', '<', iso(nowMs - LEASE_MS)),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function toHarvestReport(report: ImportReport, since: string | undefined): HarvestReport {
  const failedRows = report.rows.filter((r) => r.outcome === 'failed').slice(0, MAX_FAILED_ROWS);
  return {
    created: report.created,
    updated: report.updated,
    failed: report.failed,
    failedRows: failedRows.map((r) => ({ key: r.key, title: r.title, reasons: r.reasons })),
    ...(report.error ? { error: report.error } : {}),
    ...(since ? { since } : {}),
  };
}

async function harvest(deps: AppDeps, source: OdHarvestSourcesTable, allowLoopback: boolean): Promise<HarvestReport> {
  const options = { actor: systemActor('system'), agency: source.agency_id, fetch: { allowLoopback } };
  if (source.kind === 'ckan') {
    const since = source.last_success_at ? iso(Date.parse(source.last_success_at) - OVERLAP_MS) : undefined;
    return toHarvestReport(await importCkan(deps, source.url, { ...options, ...(since ? { modifiedSince: since } : {}) }), since);
  }
  // A DCAT feed has no standard "changed since" query, so every run re-reads the whole feed;
  // imports match on source keys, so unchanged datasets are updated in place, never duplicated.
  return toHarvestReport(await importDcat(deps, source.url, options), undefined);
}

/** Runs one source if this call wins its claim; false when another run has it. */
async function runSource(deps: AppDeps, id: string, allowLoopback: boolean): Promise<boolean> {
  const { db, clock, logger } = deps.services;
  const startedMs = clock.now().getTime();
  if (!(await claimSource(deps, id, startedMs))) return false;
  const source = (await findSourceRow(db, id))!;
  let report: HarvestReport;
  try {
    report = await harvest(deps, source, allowLoopback);
  } catch (error) {
    logger.error({ err: error, source: id }, 'harvest failed');
    report = { created: 0, updated: 0, failed: 0, failedRows: [], error: String((error as Error).message ?? error).slice(0, 500) };
  }
  const finishedMs = clock.now().getTime();
  await db
    .updateTable('od_harvest_sources')
    .set({
      last_finished_at: iso(finishedMs),
      last_report: JSON.stringify(report),
      next_run_at: iso(finishedMs + Number(source.every_hours) * HOUR_MS),
      ...(report.error ? {} : { last_success_at: iso(startedMs) }),
    })
    .where('id', '=', id)
    // A run that outlived its lease and was taken over must not overwrite the newer run's state.
    .where('last_started_at', '=', iso(startedMs))
    .execute();
  return true;
}

/** Harvests every enabled source whose next run is due; returns the ids this call ran. */
export async function runDueHarvests(deps: AppDeps, options: { allowLoopback?: boolean } = {}): Promise<string[]> {
  const now = deps.services.clock.now().toISOString();
  const due = await deps.services.db
    .selectFrom('od_harvest_sources')
    .select('id')
    .where('enabled', '=', 1)
    .where('next_run_at', '<=', now)
    .orderBy('next_run_at')
    .limit(50)
    .execute();
  const ran: string[] = [];
  for (const { id } of due) {
    if (await runSource(deps, id, options.allowLoopback ?? false)) ran.push(id);
  }
  return ran;
}
