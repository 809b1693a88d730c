import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { AppError } from '../../../../core/errors.js';
import { newId } from '../../../../core/ids.js';
import { loadDataset } from '../../catalog/actions/write.js';
import { adoptUpload } from '../../storage.js';
import { signedIn } from '../../../../core/access.js';
import { plain, httpUrlOrError } from './shared.js';
import { opendataDb } from '../../tables.js';

const HttpUrl = Type.String({ minLength: 1, maxLength: 2000 });

export const showcaseCreate = defineAction({
  name: 'showcase_create',
  description: 'A signed-in user submits an application built on datasets; shown after moderation.',
  input: Type.Object(
    {
      title: Type.String({ minLength: 1, maxLength: 200 }),
      url: HttpUrl,
      description: Type.String({ minLength: 1, maxLength: 5000 }),
      image_key: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
      datasets: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 20 }),
    },
    { additionalProperties: false },
  ),
  caller: signedIn,
  async run(ctx, input) {
    const title = plain(input.title, 'title', 200);
    const description = plain(input.description, 'description', 5000);
    const url = httpUrlOrError(input.url, 'url');
    const datasetIds: string[] = [];
    for (const ref of input.datasets) {
      const d = await loadDataset(ctx, ref.trim()).catch(() => null);
      if (!d || d.status !== 'published') throw new AppError('INVALID', 'error.invalid_input', [{ field: 'datasets', message: 'opendata.showcase.unknown_dataset', params: { name: ref } }]);
      if (!datasetIds.includes(d.id)) datasetIds.push(d.id);
    }
    if (input.image_key) await adoptUpload(ctx, input.image_key, 'image');
    const id = newId();
    await opendataDb(ctx.db)
      .insertInto('od_showcases')
      .values({ id, title, url, description, image_url: input.image_key ?? null, author_id: ctx.actor!.userId, status: 'pending', moderation_note: null, created_at: ctx.clock.now().toISOString(), moderated_at: null })
      .execute();
    await opendataDb(ctx.db).insertInto('od_showcase_datasets').values(datasetIds.map((dataset_id) => ({ showcase_id: id, dataset_id }))).execute();
    await ctx.audit({ action: 'showcase_create', subjectType: 'showcase', subjectId: id, data: { title } });
    return { id };
  },
});
