import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { listCategories, nextChangeSeq } from '../../queries.js';
import { platformAdmin } from '../../../../core/access.js';
import { opendataDb } from '../../tables.js';

export const categorySave = defineAction({
  name: 'category_save',
  description: 'Adds or renames a service category (operators configure the list).',
  input: Type.Object(
    {
      code: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }),
      name_zh: Type.String({ minLength: 1, maxLength: 100 }),
      name_en: Type.String({ minLength: 1, maxLength: 100 }),
      position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    },
    { additionalProperties: false },
  ),
  caller: platformAdmin,
  async run(ctx, input) {
    const existing = await opendataDb(ctx.db).selectFrom('od_categories').selectAll().where('code', '=', input.code).executeTakeFirst();
    const position = input.position ?? (existing ? Number(existing.position) : (await listCategories(opendataDb(ctx.db))).length + 1);
    if (existing) await opendataDb(ctx.db).updateTable('od_categories').set({ name_zh: input.name_zh, name_en: input.name_en, position }).where('code', '=', input.code).execute();
    else await opendataDb(ctx.db).insertInto('od_categories').values({ code: input.code, name_zh: input.name_zh, name_en: input.name_en, position }).execute();
    await nextChangeSeq(opendataDb(ctx.db));
    await ctx.audit({ action: 'category_save', subjectType: 'opendata_category', subjectId: input.code, data: input });
    return { code: input.code, nameZh: input.name_zh, nameEn: input.name_en, position };
  },
});
