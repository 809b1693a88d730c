// Input schemas of the catalog's actions. Field names follow CKAN where CKAN has the concept
// (name, title, notes, license_id, tags, owner_org, private, resources), and name Taiwan's
// metadata fields (資料集詮釋資料標準) otherwise.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { NAME_PATTERN, charges, provisionTypes, updateFrequencies } from './model.js';

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const Opt = <T extends TSchema>(schema: T) => Type.Optional(schema);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const DatasetName = Type.String({ pattern: NAME_PATTERN, maxLength: 100 });
export const Identifier = Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$' });
export const DateString = Type.String({ format: 'date', maxLength: 10 });

export const FieldDescriptionSchema = Type.Object(
  {
    name: Text(200, 1),
    type: Opt(Text(50)),
    meaning: Opt(Text(1000)),
    unit: Opt(Text(50)),
  },
  { additionalProperties: false },
);

export const ResourceInput = Type.Object(
  {
    id: Opt(Text(100)),
    name: Opt(Text(300)),
    description: Opt(Text(5000)),
    url: Opt(Type.String({ format: 'uri', maxLength: 2000 })),
    format: Opt(Text(40)),
    encoding: Opt(Text(40)),
    size: Opt(Nullable(Type.Integer({ minimum: 0 }))),
    media_type: Opt(Nullable(Text(200))),
    checksum: Opt(Nullable(Text(200))),
    last_modified: Opt(Nullable(Type.String({ format: 'date-time', maxLength: 40 }))),
    api_spec_url: Opt(Nullable(Type.String({ format: 'uri', maxLength: 2000 }))),
    /** Set by the upload handler, never by clients. */
    upload: Opt(Type.Object({ key: Text(200, 1), size: Type.Integer({ minimum: 0 }), checksum: Text(100, 1), sha1: Opt(Text(40, 40)), mediaType: Text(200), filename: Text(300) })),
  },
  { additionalProperties: false },
);
export type ResourceInput = Static<typeof ResourceInput>;

export const datasetProperties = {
  name: Opt(DatasetName),
  identifier: Opt(Identifier),
  title: Text(300, 1),
  notes: Text(20000, 1),
  language: Opt(literals(['zh-TW', 'en'] as const)),
  fields: Opt(Type.Array(FieldDescriptionSchema, { maxItems: 300 })),
  owner_org: Opt(Text(100, 1)),
  contact_name: Text(200, 1),
  contact_phone: Opt(Nullable(Text(50))),
  contact_email: Opt(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
  category: Text(60, 1),
  tags: Opt(Type.Array(Text(100, 1), { maxItems: 50 })),
  provision_type: Opt(literals(provisionTypes)),
  update_frequency: literals(updateFrequencies),
  license_id: Opt(Text(40, 1)),
  license_url: Opt(Nullable(Type.String({ format: 'uri', maxLength: 2000 }))),
  charge: Opt(literals(charges)),
  fee: Opt(Nullable(Text(500))),
  fee_basis: Opt(Nullable(Text(1000))),
  issued: Opt(Nullable(DateString)),
  temporal_start: Opt(Nullable(DateString)),
  temporal_end: Opt(Nullable(DateString)),
  spatial: Opt(Nullable(Text(500))),
  remarks: Opt(Nullable(Text(5000))),
  data_volume: Opt(Nullable(Text(200))),
  related_urls: Opt(Type.Array(Type.String({ format: 'uri', maxLength: 2000 }), { maxItems: 20 })),
  extras: Opt(Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 5000 }))),
  private: Opt(Type.Boolean()),
  resources: Opt(Type.Array(ResourceInput, { maxItems: 100 })),
  /** Import bookkeeping: where a harvested dataset came from. */
  source_key: Opt(Text(500, 1)),
};

export const DatasetInput = Type.Object(datasetProperties, { additionalProperties: false });
export type DatasetInput = Static<typeof DatasetInput>;

export const DatasetRef = Type.Object({ id: Text(200, 1) }, { additionalProperties: false });

export const DatasetUpdateInput = Type.Object({ ...datasetProperties, id: Text(200, 1) }, { additionalProperties: false });
export type DatasetUpdateInput = Static<typeof DatasetUpdateInput>;

export const DatasetPatchInput = Type.Object(
  {
    ...Object.fromEntries(Object.entries(datasetProperties).map(([k, v]) => [k, Type.Optional(v)])),
    id: Text(200, 1),
  },
  { additionalProperties: false },
);

export const ResourceCreateInput = Type.Composite([Type.Omit(ResourceInput, ['id']), Type.Object({ package_id: Text(200, 1) })], { additionalProperties: false });
export const ResourceUpdateInput = Type.Composite([Type.Omit(ResourceInput, ['id']), Type.Object({ id: Text(100, 1) })], { additionalProperties: false });

export const SearchInput = Type.Object(
  {
    q: Opt(Text(1000)),
    fq: Opt(Text(2000)),
    sort: Opt(Text(200)),
    rows: Opt(Type.Integer({ minimum: 0, maximum: 1000 })),
    start: Opt(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    facet: Opt(Type.Boolean()),
    'facet.field': Opt(Type.Array(Text(60, 1), { maxItems: 20 })),
    'facet.limit': Opt(Type.Integer({ minimum: -1, maximum: 10000 })),
    'facet.mincount': Opt(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    include_private: Opt(Type.Boolean()),
    include_drafts: Opt(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SearchInput = Static<typeof SearchInput>;
