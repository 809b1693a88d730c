// The scheduled quality check (spec: "checked automatically for every resource on a schedule"):
// fetches linked resources through the SSRF guard, inspects what comes back, and recomputes each
// dataset's mark. Uploaded files are inspected whenever a dataset changes (quality.ts); links can
// break or change behind our back, so they are re-fetched here, oldest check first.
import type { AppDeps } from '../../../manifest.js';
import { computeQuality, inspectContent, type ContentFacts } from './quality.js';
import { datasetsByIds, nextChangeSeq } from '../queries.js';
import { FetchRefused, safeFetch, type SafeFetchOptions } from '../ssrf.js';
import './migrations.js';
import { type OpendataDb } from '../tables.js';
import { opendataDb } from '../tables.js';

/** A dataset is checked again this long after its last check. */
export const RECHECK_AFTER_MS = 24 * 3_600_000;
const MAX_BYTES = 5 * 1024 * 1024;

export interface QualityCheckOptions {
  /** Datasets per run (a run must stay short: it holds a job lease). */
  limit?: number;
  fetch?: Pick<SafeFetchOptions, 'allowLoopback' | 'timeoutMs'>;
}

export interface QualityCheckRun {
  datasets: number;
  resources: number;
  unreachable: number;
  marksChanged: number;
}

const unreachable: ContentFacts = { reachable: false, detectedFormat: null, utf8: null, brokenRows: null, headers: null };

/** What fetching a link tells about its content; a refusal or an error status is "not reachable". */
export async function fetchFacts(url: string, options: QualityCheckOptions['fetch'] = {}): Promise<ContentFacts> {
  try {
    const response = await safeFetch(url, { timeoutMs: 15_000, ...options, maxBytes: MAX_BYTES, headers: { 'user-agent': 'opengov-quality-check' } });
    if (response.status < 200 || response.status >= 300) return unreachable;
    const filename = new URL(response.url).pathname.split('/').pop() ?? '';
    return inspectContent(response.body, filename);
  } catch (error) {
    // Too large to inspect still means the link answers; anything else means it does not.
    if (error instanceof FetchRefused && error.reason === 'too_large') return { ...unreachable, reachable: true };
    return unreachable;
  }
}

/**
 * Claims up to `limit` published datasets with linked resources whose last check is oldest (or
 * missing) and at least RECHECK_AFTER_MS old. The claim is a guarded UPDATE on the timestamp the
 * candidate was read with, so two processes never check the same dataset in one round.
 */
async function claimDue(db: OpendataDb, now: Date, limit: number): Promise<string[]> {
  const dueBefore = new Date(now.getTime() - RECHECK_AFTER_MS).toISOString();
  const candidates = await db
    .selectFrom('od_datasets')
    .select(['id', 'quality_checked_at'])
    .where('status', '=', 'published')
    .where((eb) => eb.or([eb('quality_checked_at', 'is', null), eb('quality_checked_at', '<', dueBefore)]))
    .where((eb) => eb.exists(eb.selectFrom('od_resources').select('od_resources.id').whereRef('od_resources.dataset_id', '=', 'od_datasets.id').where('od_resources.url_type', '=', 'link')))
    .orderBy('quality_checked_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  const claimed: string[] = [];
  for (const c of candidates) {
    const won = await db
      .updateTable('od_datasets')
      .set({ quality_checked_at: now.toISOString() })
      .where('id', '=', c.id)
      .where((eb) => (c.quality_checked_at === null ? eb('quality_checked_at', 'is', null) : eb('quality_checked_at', '=', c.quality_checked_at)))
      .returning('id')
      .execute();
    if (won.length === 1) claimed.push(c.id);
  }
  return claimed;
}

export async function runQualityChecks(deps: AppDeps, options: QualityCheckOptions = {}): Promise<QualityCheckRun> {
  const { clock, config } = deps.services;
  const db = opendataDb(deps.services.db);
  const run: QualityCheckRun = { datasets: 0, resources: 0, unreachable: 0, marksChanged: 0 };
  const ids = await claimDue(db, clock.now(), options.limit ?? 20);
  for (const dataset of await datasetsByIds(db, ids)) {
    // Fetching happens outside any transaction: a slow remote must not hold the database.
    const network = new Map<string, ContentFacts>();
    for (const resource of dataset.resources) {
      if (resource.url_type !== 'link' || !/^https?:\/\//i.test(resource.url)) continue;
      const facts = await fetchFacts(resource.url, options.fetch);
      network.set(resource.id, facts);
      run.resources++;
      if (!facts.reachable) run.unreachable++;
    }
    const { mark, report } = await computeQuality({ config, clock }, dataset, network);
    await db.transaction().execute(async (trx) => {
      // The mark is a search facet: a change must reach every process's search snapshot.
      const seq = mark === dataset.quality_mark ? null : await nextChangeSeq(trx);
      await trx
        .updateTable('od_datasets')
        .set({ quality_mark: mark, quality_report: JSON.stringify(report), ...(seq !== null && { change_seq: seq }) })
        .where('id', '=', dataset.id)
        .execute();
    });
    run.datasets++;
    if (mark !== dataset.quality_mark) run.marksChanged++;
  }
  return run;
}
