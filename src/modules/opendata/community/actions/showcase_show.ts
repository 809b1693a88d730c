import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { isModerator } from '../../../../core/actor.js';
import { AppError } from '../../../../core/errors.js';
import { anyone } from '../../../../core/access.js';
import { withDatasets } from './shared.js';
import { opendataDb } from '../../tables.js';

export const showcaseShow = defineAction({
  name: 'showcase_show',
  description: 'One showcase: approved ones for everyone, others for their author and moderators.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    const row = await opendataDb(ctx.db).selectFrom('od_showcases').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row || (row.status !== 'approved' && !isModerator(ctx.actor) && row.author_id !== ctx.actor?.userId)) throw new AppError('NOT_FOUND', 'opendata.showcase.not_found');
    return (await withDatasets(ctx, [row]))[0]!;
  },
});
