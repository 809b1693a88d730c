// The CKAN Action API in the OpenAPI document: one operation per action the endpoint answers, with
// its parameters, CKAN's envelope {help, success, result} and its error shape. Every action also
// answers at /api/action/{name} and by the other method (GET parameters or a POST body alike).
import { Type, type TSchema } from '@sinclair/typebox';
import type { ExtraDocumentation } from '../../../../http/openapi-extra.js';

const ref = (name: string) => Type.Ref(`#/components/schemas/${name}`);
const tags = ['ckan'];

const Tag = Type.Object({ id: Type.String(), name: Type.String(), display_name: Type.String(), vocabulary_id: Type.Null() });

const CkanResource = Type.Object(
  {
    id: Type.String(),
    package_id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    format: Type.String(),
    url: Type.String({ description: 'The file (uploads are served from this site) or the external address' }),
    url_type: Type.Union([Type.Literal('upload'), Type.Null()]),
    mimetype: Type.Union([Type.String(), Type.Null()]),
    size: Type.Union([Type.Integer(), Type.Null()]),
    hash: Type.String(),
    last_modified: Type.Union([Type.String(), Type.Null()]),
    created: Type.String(),
    metadata_modified: Type.String(),
    position: Type.Integer(),
    state: Type.String(),
  },
  { title: 'CkanResource', description: 'A resource dict, as CKAN 2.10 shapes it', additionalProperties: true },
);

const CkanOrganization = Type.Object(
  {
    id: Type.String(),
    name: Type.String({ description: 'The agency code' }),
    title: Type.String(),
    display_name: Type.String(),
    description: Type.String(),
    is_organization: Type.Literal(true),
    package_count: Type.Optional(Type.Integer()),
    state: Type.String(),
    type: Type.Literal('organization'),
  },
  { title: 'CkanOrganization', description: 'An organization (agency) dict', additionalProperties: true },
);

const CkanGroup = Type.Object(
  {
    id: Type.String(),
    name: Type.String({ description: 'The category code' }),
    title: Type.String(),
    display_name: Type.String(),
    description: Type.String(),
    is_organization: Type.Literal(false),
    package_count: Type.Optional(Type.Integer()),
    state: Type.String(),
    type: Type.Literal('group'),
  },
  { title: 'CkanGroup', description: 'A group (category) dict', additionalProperties: true },
);

const CkanPackage = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    title: Type.String(),
    notes: Type.String(),
    state: Type.String(),
    private: Type.Boolean(),
    type: Type.Literal('dataset'),
    owner_org: Type.Union([Type.String(), Type.Null()]),
    organization: Type.Union([ref('CkanOrganization'), Type.Null()]),
    license_id: Type.Union([Type.String(), Type.Null()]),
    metadata_created: Type.String(),
    metadata_modified: Type.String(),
    num_resources: Type.Integer(),
    num_tags: Type.Integer(),
    tags: Type.Array(Tag),
    groups: Type.Array(ref('CkanGroup')),
    extras: Type.Array(Type.Object({ key: Type.String(), value: Type.String() })),
    resources: Type.Array(ref('CkanResource')),
  },
  {
    title: 'CkanPackage',
    description: "A package (dataset) dict as CKAN 2.10 shapes it, plus this portal's metadata-standard fields (identifier, category, update_frequency, contact_*, quality_mark, …)",
    additionalProperties: true,
  },
);

const CkanError = Type.Object(
  {
    help: Type.String(),
    success: Type.Literal(false),
    error: Type.Object(
      { __type: Type.String({ description: 'Validation Error, Not Found Error, Authorization Error, Rate Limit Error, Bad Request or Internal Server Error' }), message: Type.String() },
      { additionalProperties: Type.Array(Type.String()), description: "Besides __type and message, one key per invalid field with its messages in the caller's language" },
    ),
  },
  { title: 'CkanError', description: "CKAN's error envelope" },
);

const envelope = (result: TSchema | object, description: string) => ({
  description,
  content: {
    'application/json': {
      schema: Type.Object({ help: Type.String({ description: 'Where this action is described' }), success: Type.Literal(true), result: result as TSchema }),
    },
  },
});

const ckanErrors = {
  '400': { description: 'Unknown action or unreadable request', content: { 'application/json': { schema: ref('CkanError') } } },
  '403': { description: 'Authorization Error: a token is missing or not allowed', content: { 'application/json': { schema: ref('CkanError') } } },
  '404': { description: 'Not Found Error', content: { 'application/json': { schema: ref('CkanError') } } },
  '409': { description: 'Validation Error: the fields and their messages', content: { 'application/json': { schema: ref('CkanError') } } },
};

interface Parameter {
  schema: TSchema;
  description: string;
  required?: boolean;
}

interface CkanAction {
  summary: string;
  /** Writes: POST with a JSON body (or a form, or multipart for uploads), an API token required. */
  write?: boolean;
  upload?: boolean;
  params: Record<string, Parameter>;
  result: TSchema | object;
}

const text = (description: string, required = false): Parameter => ({ schema: Type.String(), description, required });
const integer = (description: string): Parameter => ({ schema: Type.Integer({ minimum: 0 }), description });
const flag = (description: string): Parameter => ({ schema: Type.Boolean(), description });
const idParam = (what: string) => ({ id: text(`The ${what}'s id or name`, true) });
const listing = (what: string) => ({
  all_fields: flag(`Whole ${what} dicts instead of names`),
  sort: text('`name`, `title` or `package_count`, then `asc` or `desc`'),
  limit: integer('At most this many'),
  offset: integer('Skip this many'),
  q: text('Words from the name or title'),
});
const packageFields = {
  name: text('URL name (lower-case letters, digits, - and _)', true),
  title: text('Title', true),
  notes: text('Description'),
  owner_org: text("The publishing agency's code (defaults to the caller's agency)"),
  tags: { schema: Type.Array(Type.Object({ name: Type.String() })), description: 'Keywords' },
  groups: { schema: Type.Array(Type.Object({ name: Type.String() })), description: 'The category (the first group)' },
  resources: { schema: Type.Array(Type.Object({}, { additionalProperties: true })), description: 'Resource dicts' },
  extras: { schema: Type.Array(Type.Object({ key: Type.String(), value: Type.String() })), description: 'Extra metadata as key/value pairs' },
};
const resourceFields = {
  name: text('Resource name'),
  description: text('Description'),
  format: text('File format (detected from an upload when missing)'),
  url: text('External address (or send `upload`)'),
};

const actions: Record<string, CkanAction> = {
  site_read: { summary: 'Whether the site can be read', params: {}, result: Type.Boolean() },
  status_show: { summary: 'Site title, address, CKAN version and extensions', params: {}, result: Type.Object({}, { additionalProperties: true }) },
  package_list: { summary: 'Names of the public datasets', params: { limit: integer('At most this many'), offset: integer('Skip this many') }, result: Type.Array(Type.String()) },
  package_show: { summary: 'One dataset', params: idParam('dataset'), result: ref('CkanPackage') },
  package_search: {
    summary: 'Search datasets: words, Solr-style filters, facets, sorting and paging',
    params: {
      q: text('Words to find (title, description, tags)'),
      fq: text('Filters such as `organization:moda tags:"交通"`'),
      fq_list: { schema: Type.Array(Type.String()), description: 'Filters, each as in fq, all of them applied' },
      sort: text('For example `score desc`, `metadata_modified desc`, `title_string asc`'),
      rows: integer('Results per page (at most 1000)'),
      start: integer('Skip this many results'),
      facet: flag('Count facets (default true)'),
      'facet.field': { schema: Type.Array(Type.String()), description: 'Fields to count, as a JSON list' },
      'facet.limit': integer('Facet values per field'),
      'facet.mincount': integer('Leave out facet values counted fewer times'),
      include_private: flag("Include the caller's agency's private datasets"),
      include_drafts: flag("Include the caller's drafts"),
    },
    result: Type.Object({
      count: Type.Integer(),
      sort: Type.String(),
      facets: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer())),
      search_facets: Type.Record(Type.String(), Type.Object({}, { additionalProperties: true })),
      results: Type.Array(ref('CkanPackage')),
    }),
  },
  package_autocomplete: { summary: 'Datasets whose name or title starts with or contains the words', params: { q: text('Words', true), limit: integer('At most this many') }, result: Type.Array(Type.Object({}, { additionalProperties: true })) },
  current_package_list_with_resources: {
    summary: 'Recently changed datasets with their resources',
    params: { limit: integer('At most this many'), offset: integer('Skip this many'), page: integer('Page number (with limit)') },
    result: Type.Array(ref('CkanPackage')),
  },
  package_create: { summary: 'Create a dataset', write: true, params: packageFields, result: ref('CkanPackage') },
  package_update: { summary: 'Replace a dataset’s metadata', write: true, params: { ...idParam('dataset'), ...packageFields }, result: ref('CkanPackage') },
  package_patch: { summary: 'Change some fields of a dataset', write: true, params: { ...idParam('dataset'), ...packageFields, name: text('URL name'), title: text('Title') }, result: ref('CkanPackage') },
  package_delete: { summary: 'Delete a dataset', write: true, params: idParam('dataset'), result: Type.Null() },
  resource_show: { summary: 'One resource', params: idParam('resource'), result: ref('CkanResource') },
  resource_create: {
    summary: 'Add a resource to a dataset (a file upload or an external address)',
    write: true,
    upload: true,
    params: { package_id: text('The dataset', true), ...resourceFields },
    result: ref('CkanResource'),
  },
  resource_update: { summary: 'Replace a resource (optionally with a new upload)', write: true, upload: true, params: { ...idParam('resource'), ...resourceFields }, result: ref('CkanResource') },
  resource_patch: { summary: 'Change some fields of a resource', write: true, upload: true, params: { ...idParam('resource'), ...resourceFields }, result: ref('CkanResource') },
  resource_delete: { summary: 'Delete a resource', write: true, params: idParam('resource'), result: Type.Null() },
  organization_list: {
    summary: 'Agencies that publish datasets',
    params: { ...listing('organization'), organizations: { schema: Type.Array(Type.String()), description: 'Only these agencies' } },
    result: Type.Union([Type.Array(Type.String()), Type.Array(ref('CkanOrganization'))]),
  },
  organization_show: { summary: 'One agency', params: { ...idParam('organization'), include_datasets: flag('With up to 10 of its datasets') }, result: ref('CkanOrganization') },
  group_list: {
    summary: 'Categories',
    params: { ...listing('group'), groups: { schema: Type.Array(Type.String()), description: 'Only these categories' } },
    result: Type.Union([Type.Array(Type.String()), Type.Array(ref('CkanGroup'))]),
  },
  group_show: { summary: 'One category', params: { ...idParam('group'), include_datasets: flag('With up to 10 of its datasets') }, result: ref('CkanGroup') },
  tag_list: {
    summary: 'Keywords in use',
    params: { query: text('Keywords containing these characters'), vocabulary_id: text('Accepted for compatibility'), all_fields: flag('Tag dicts instead of names') },
    result: Type.Union([Type.Array(Type.String()), Type.Array(Tag)]),
  },
  api_token_create: {
    summary: 'Not available here: API tokens are made on the account page',
    write: true,
    params: { name: text('Token name') },
    result: Type.Object({ token: Type.String() }),
  },
};

function operation(name: string, action: CkanAction) {
  const common = {
    tags,
    operationId: name,
    summary: action.summary,
    description: `CKAN's \`${name}\`. Also at \`/api/action/${name}\`; parameters may come as a query string or in the body.`,
    responses: { '200': envelope(action.result, `\`result\` of \`${name}\``), ...ckanErrors },
    ...(action.write && { security: [{ bearer: [] }, { ckanToken: [] }] }),
  };
  if (!action.write) {
    return {
      get: {
        ...common,
        parameters: Object.entries(action.params).map(([param, p]) => ({
          name: param,
          in: 'query',
          required: p.required ?? false,
          description: p.description,
          schema: p.schema,
          ...(p.schema.type === 'array' && { style: 'form', explode: true }),
        })),
      },
    };
  }
  const required = Object.entries(action.params).filter(([, p]) => p.required).map(([param]) => param);
  const properties = Object.fromEntries(Object.entries(action.params).map(([param, p]) => [param, { ...p.schema, description: p.description }]));
  const body = { type: 'object', properties, ...(required.length > 0 && { required }), additionalProperties: true };
  return {
    post: {
      ...common,
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: body },
          ...(action.upload && {
            'multipart/form-data': { schema: { ...body, properties: { ...properties, upload: { type: 'string', format: 'binary', description: 'The file' } } } },
          }),
        },
      },
    },
  };
}

/** The CKAN operations for the OpenAPI document; `supported` is the list the endpoint answers. */
export function ckanDocumentation(supported: readonly string[]): ExtraDocumentation {
  const missing = supported.filter((name) => !Object.hasOwn(actions, name));
  if (missing.length > 0) throw new Error(`CKAN actions without documentation: ${missing.join(', ')}`);
  return {
    paths: Object.fromEntries(supported.map((name) => [`/api/3/action/${name}`, operation(name, actions[name]!)])),
    schemas: { CkanPackage, CkanResource, CkanOrganization, CkanGroup, CkanError } as unknown as Record<string, Record<string, unknown>>,
    securitySchemes: { ckanToken: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'The API token as it is, CKAN style (or `Bearer <token>`)' } },
    tags: [{ name: 'ckan', description: 'CKAN Action API v3 (compatible with CKAN 2.10 clients). Writes need an API token.' }],
  };
}
