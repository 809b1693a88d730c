// The recurring job: the sweep action (transitions, time notices), then the step notices it and
// any action left pending, then (once) the module's datasets in the open-data catalog.
import { systemActor } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import type { AppDeps } from '../../manifest.js';
import { proposalSweep } from './actions/proposal_sweep.js';
import { petitionDatasets } from './datasets.js';
import { deliverStepNotices } from './notify.js';
import { loadSettings } from './settings.js';
import { petitionsDb } from './tables.js';

export async function runSweep(deps: AppDeps): Promise<{ transitions: number; notices: number }> {
  const result = await deps.registry.call(proposalSweep, {}, { actor: systemActor() });
  let notices = result.notices;
  for (let round = 0; round < 20; round++) {
    const sent = await deliverStepNotices(deps.services, { limit: 100 });
    notices += sent;
    const pending = await petitionsDb(deps.services.db).selectFrom('proposal_events').select('id').where('notified_at', 'is', null).limit(1).executeTakeFirst();
    if (!pending) break;
  }
  await publishToCatalog(deps).catch((error) => deps.services.logger.warn({ err: error }, 'petitions: could not list the datasets in the catalog'));
  return { transitions: result.transitions, notices };
}

export const CATALOG_NAME = 'citizen-proposals';

/**
 * Lists the proposals, responses and counts in the open-data catalog when that module is present,
 * through its registered actions (never its internals). The resources point at this module's own
 * CSV/JSON downloads, which are always current; the entry is created once.
 */
export async function publishToCatalog(deps: AppDeps): Promise<boolean> {
  const { registry, services } = deps;
  if (!registry.has('package_show') || !registry.has('package_create')) return false;
  const actor = systemActor();
  try {
    await registry.call('package_show', { id: CATALOG_NAME }, { actor });
    return false;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
  }
  const settings = await loadSettings(services.db, services.cache);
  const base = services.config.baseUrl;
  await registry.call(
    'package_create',
    {
      name: CATALOG_NAME,
      title: '公共政策網路參與平臺提點子：提議、機關回應與附議數',
      notes:
        '提點子的所有公開提議（不含未通過檢核而隱藏者）、權責機關的回應與後續辦理事項，以及每件提議的附議數。每次下載皆為即時資料。\n\nPublished citizen proposals, agency responses with follow-up actions, and endorsement counts. Every download is live.',
      owner_org: settings.openDataAgencyCode,
      contact_name: '公共政策網路參與平臺',
      category: 'public-information',
      update_frequency: 'realtime',
      tags: ['提點子', '公共參與', 'e-petitions'],
      resources: petitionDatasets.flatMap((d) =>
        d.formats.map((format) => ({ name: `${d.titleZh}（${format.toUpperCase()}）`, url: `${base}${d.path}.${format}`, format: format.toUpperCase(), encoding: 'UTF-8' })),
      ),
    },
    { actor },
  );
  return true;
}
