import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { withRole } from '../../../../core/access.js';
import type { HarvestReport, HarvestSource } from '../harvest.js';
import { opendataDb } from '../../tables.js';

function parseReport(text: string | null): HarvestReport | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as HarvestReport;
  } catch {
    return null;
  }
}

export const harvestSourceList = defineAction({
  name: 'harvest_source_list',
  sideEffectFree: true,
  input: Type.Object({}, { additionalProperties: false }),
  caller: withRole('agency_admin', 'platform_admin'),
  async run(ctx): Promise<HarvestSource[]> {
    let query = opendataDb(ctx.db)
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
