import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { notFound } from '../../../../core/errors.js';
import { mayViewShowcase } from '../../policy.js';
import { anyone } from '../../../../core/access.js';
import { withDatasets } from './shared.js';
import { opendataDb } from '../../tables.js';

export const showcaseShow = defineAction({
  name: 'showcase_show',
  description: 'One showcase: approved ones for everyone, others for their author and moderators.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async load(ctx, input) {
    const row = await opendataDb(ctx.db).selectFrom('od_showcases').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('opendata.showcase.not_found');
    return row;
  },
  policy: (ctx, _input, row) => mayViewShowcase(ctx.actor, row),
  run: async (ctx, _input, row) => (await withDatasets(ctx, [row]))[0]!,
});
