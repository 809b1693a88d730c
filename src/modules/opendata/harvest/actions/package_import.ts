// Importing one dataset: create it, or update the one it matches (by source key, then identifier,
// then name), so re-running an import updates and never duplicates. One call = one transaction,
// so a dataset is imported whole or not at all.
import { Type, type Static } from '@sinclair/typebox';
import { defineAction, type ActionContext } from '../../../../core/action.js';
import { findDatasetRow, hydrate, identifierTaken, nameTaken, type Dataset } from '../../queries.js';
import { datasetProperties, type DatasetInput } from '../../schemas.js';
import type { OdDatasetsTable } from '../../tables.js';
import { insertDataset, targetAgency, updateDataset } from '../../catalog/actions/write.js';
import { mayEditDataset, mayPublishIn, publisher } from '../../policy.js';
import { opendataDb } from '../../tables.js';

export const DatasetImportInput = Type.Object(
  {
    ...datasetProperties,
    /** 'identifier': the dataset's own identifier is its key (CSV of our format); 'source': only source_key matches. */
    match: Type.Union([Type.Literal('identifier'), Type.Literal('source')]),
  },
  { additionalProperties: false },
);

/** The dataset an imported record updates: by source key, then (matching by identifier) identifier, then name. */
async function matchingDataset(ctx: Pick<ActionContext, 'db'>, input: Static<typeof DatasetImportInput>): Promise<Dataset | undefined> {
  let row: OdDatasetsTable | undefined = input.source_key ? await opendataDb(ctx.db).selectFrom('od_datasets').selectAll().where('source_key', '=', input.source_key).where('status', '!=', 'deleted').executeTakeFirst() : undefined;
  if (!row && input.match === 'identifier' && input.identifier) row = await findDatasetRow(opendataDb(ctx.db), input.identifier);
  if (!row && input.match === 'identifier' && input.name) row = await findDatasetRow(opendataDb(ctx.db), input.name);
  if (!row || row.status === 'deleted') return undefined;
  return (await hydrate(opendataDb(ctx.db), [row]))[0]!;
}

export const packageImport = defineAction({
  name: 'package_import',
  description: 'Creates or updates one imported dataset (idempotent).',
  input: DatasetImportInput,
  caller: publisher,
  /** The dataset this record updates (undefined: the import creates one), and the agency it goes to. */
  async load(ctx, input) {
    const before = await matchingDataset(ctx, input);
    return { before, agency: await targetAgency(ctx, input.owner_org ?? before?.agency.id) };
  },
  policy: (ctx, _input, { before, agency }) => (before ? mayEditDataset(ctx.actor, before) : true) && mayPublishIn(ctx.actor, agency),
  async run(ctx, raw, { before, agency }): Promise<{ outcome: 'created' | 'updated'; id: string; identifier: string; name: string }> {
    const { match, private: isPrivate, ...input } = raw;
    const clean: DatasetInput = { ...input };
    if (before) {
      // Keep resource ids where the URL is unchanged, so downloads and counts stay attached.
      const byUrl = new Map(before.resources.map((r) => [r.url, r.id]));
      clean.resources = (input.resources ?? []).map((r) => ({ ...r, ...(r.url && byUrl.has(r.url) ? { id: byUrl.get(r.url)! } : {}) }));
      if (match === 'source') {
        if (clean.identifier && clean.identifier !== before.identifier && (await identifierTaken(opendataDb(ctx.db), clean.identifier, before.id))) delete clean.identifier;
        if (clean.name && clean.name !== before.name && (await nameTaken(opendataDb(ctx.db), clean.name, before.id))) delete clean.name;
      }
      const after = await updateDataset(ctx, before, clean, agency, 'import');
      return { outcome: 'updated', id: after.id, identifier: after.identifier, name: after.name };
    }
    if (match === 'source') {
      // A harvested record keeps its remote identifier and name only where they are free here.
      if (clean.identifier && (await identifierTaken(opendataDb(ctx.db), clean.identifier))) delete clean.identifier;
      if (clean.name && (await nameTaken(opendataDb(ctx.db), clean.name))) delete clean.name;
    }
    const created = await insertDataset(ctx, clean, agency, isPrivate ? 'draft' : 'published');
    return { outcome: 'created', id: created.id, identifier: created.identifier, name: created.name };
  },
});
