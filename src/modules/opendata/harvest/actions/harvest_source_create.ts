import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { fieldError } from '../../../../core/errors.js';
import { newId } from '../../../../core/ids.js';
import { canImport, importer } from '../../policy.js';
import { findAgencyRef } from '../../queries.js';
import { checkUrl, FetchRefused } from '../../ssrf.js';
import { opendataDb } from '../../tables.js';

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
  caller: importer,
  load: (ctx, input) => findAgencyRef(opendataDb(ctx.db), input.agency),
  // A platform admin naming an unknown agency gets the field error below; anyone else is refused.
  policy: (ctx, _input, agency) => canImport(ctx.actor, agency?.id),
  async run(ctx, input, agency) {
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
    await opendataDb(ctx.db)
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
