// Harvest sources: CKAN sites and DCAT feeds an agency harvests on a schedule. The actions manage
// the sources; runDueHarvests (a recurring job) claims each due source with a guarded UPDATE, so two
// processes never harvest the same source at once, runs the import and stores its report.
import { Type } from '@sinclair/typebox';
import type { ActionContext } from '../../../core/action.js';
import { systemActor } from '../../../core/actor.js';
import { notFound } from '../../../core/errors.js';
import type { AppDeps } from '../../../manifest.js';
import { importCkan, importDcat, type ImportReport } from './import-sources.js';
import type { OdHarvestSourcesTable } from '../tables.js';
import { importer, mayManageSource } from '../policy.js';
import { opendataDb, type OpendataDb } from '../tables.js';

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

async function findSourceRow(db: OpendataDb, id: string): Promise<OdHarvestSourcesTable | undefined> {
  return db.selectFrom('od_harvest_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The source an action manages (NOT_FOUND when there is none). */
async function loadSource(ctx: Pick<ActionContext, 'db'>, input: { id: string }): Promise<OdHarvestSourcesTable> {
  const source = await findSourceRow(opendataDb(ctx.db), input.id);
  if (!source) throw notFound('opendata.harvest.not_found');
  return source;
}

// ---------------------------------------------------------------------------------------------
// Actions

export const idInput = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

/** Who may act on one existing source, and how it is found: shared by the actions on a source. */
export const onManagedSource = {
  caller: importer,
  load: loadSource,
  policy: (ctx: Pick<ActionContext, 'actor'>, _input: unknown, source: OdHarvestSourcesTable) => mayManageSource(ctx.actor, source),
};

// ---------------------------------------------------------------------------------------------
// Runner

/**
 * Claims one source for this run. Moving next_run_at past the lease in the same UPDATE means no
 * other process matches it again until this run finishes or is presumed dead.
 */
async function claimSource(deps: AppDeps, id: string, nowMs: number): Promise<boolean> {
  const now = iso(nowMs);
  const result = await opendataDb(deps.services.db)
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
  const { clock, logger } = deps.services;
  const db = opendataDb(deps.services.db);
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
  const due = await opendataDb(deps.services.db)
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
