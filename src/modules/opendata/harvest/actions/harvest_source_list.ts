import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { withRole } from '../../../../core/access.js';
import type { HarvestReport, HarvestSource } from '../harvest.js';
import { opendataDb } from '../../tables.js';
import { agencyRefsByIds } from '../../../agencies/published.js';

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
    let query = opendataDb(ctx.db).selectFrom('od_harvest_sources').selectAll().orderBy('created_at').orderBy('id');
    if (ctx.actor!.role !== 'platform_admin') query = query.where('agency_id', '=', ctx.actor!.agencyId ?? '');
    const rows = await query.execute();
    const agencies = await agencyRefsByIds(ctx.db, rows.map((r) => r.agency_id));
    // Every source names an existing agency (a foreign key).
    return rows.map((r) => {
      const agency = agencies.get(r.agency_id)!;
      return {
        id: r.id,
        agencyId: r.agency_id,
        agencyCode: agency.code,
        agencyNameZh: agency.nameZh,
        agencyNameEn: agency.nameEn,
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
      };
    });
  },
});
