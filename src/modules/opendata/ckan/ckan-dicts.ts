// CKAN's dictionaries: the catalog's datasets, resources, organizations and groups as CKAN clients
// expect them, and CKAN-shaped input turned into the catalog's action inputs.
import { licenseById } from '../model.js';
import type { Group, Organization } from '../catalog/actions/organization-shared.js';
import { standardFields, type Dataset, type Resource } from '../queries.js';

export function resourceUrl(baseUrl: string, dataset: Pick<Dataset, 'id'>, r: Resource): string {
  if (r.url_type !== 'upload') return r.url;
  const file = r.upload_key?.split('/').pop() ?? 'file';
  return `${baseUrl}/dataset/${dataset.id}/resource/${r.id}/download/${encodeURIComponent(file)}`;
}

export function resourceDict(baseUrl: string, dataset: Pick<Dataset, 'id' | 'modified_at'>, r: Resource) {
  return {
    id: r.id,
    package_id: dataset.id,
    name: r.name,
    description: r.description,
    format: r.format,
    url: resourceUrl(baseUrl, dataset, r),
    url_type: r.url_type === 'upload' ? 'upload' : null,
    mimetype: r.media_type,
    size: r.size,
    hash: r.checksum ?? '',
    encoding: r.encoding,
    api_spec_url: r.api_spec_url,
    last_modified: r.last_modified,
    created: r.created_at,
    metadata_modified: r.updated_at,
    position: r.position,
    state: 'active',
    datastore_active: false,
  };
}

export function organizationDict(o: Pick<Organization, 'id' | 'code' | 'nameZh' | 'nameEn'> & { packageCount?: number; createdAt?: string }, locale: string) {
  const title = locale === 'en' ? o.nameEn : o.nameZh;
  return {
    id: o.id,
    name: o.code,
    title,
    display_name: title,
    description: locale === 'en' ? o.nameZh : o.nameEn,
    image_url: '',
    image_display_url: '',
    created: o.createdAt ?? null,
    is_organization: true,
    approval_status: 'approved',
    state: 'active',
    type: 'organization',
    ...(o.packageCount !== undefined ? { package_count: o.packageCount } : {}),
  };
}

export function groupDict(g: Pick<Group, 'code' | 'nameZh' | 'nameEn'> & { packageCount?: number }, locale: string) {
  const title = locale === 'en' ? g.nameEn : g.nameZh;
  return {
    id: g.code,
    name: g.code,
    title,
    display_name: title,
    description: locale === 'en' ? g.nameZh : g.nameEn,
    image_display_url: '',
    is_organization: false,
    state: 'active',
    type: 'group',
    ...(g.packageCount !== undefined ? { package_count: g.packageCount } : {}),
  };
}

export function packageDict(baseUrl: string, d: Dataset, locale: string) {
  const license = licenseById(d.license_id);
  return {
    id: d.id,
    name: d.name,
    title: d.title,
    notes: d.notes,
    url: `${baseUrl}/datasets/${d.name}`,
    version: null,
    state: d.status === 'deleted' ? 'deleted' : 'active',
    private: d.status !== 'published',
    type: 'dataset',
    owner_org: d.agency.id,
    organization: organizationDict({ id: d.agency.id, code: d.agency.code, nameZh: d.agency.nameZh, nameEn: d.agency.nameEn }, locale),
    author: locale === 'en' ? d.agency.nameEn : d.agency.nameZh,
    author_email: null,
    maintainer: d.contact_name,
    maintainer_email: d.contact_email,
    license_id: d.license_id,
    license_title: license ? (locale === 'en' ? license.titleEn : license.titleZh) : d.license_id,
    license_url: d.license_url ?? license?.url ?? null,
    isopen: !!license?.open,
    metadata_created: d.created_at,
    metadata_modified: d.modified_at,
    creator_user_id: d.created_by,
    num_resources: d.resources.length,
    num_tags: d.tags.length,
    tags: d.tags.map((tag) => ({ id: tag, name: tag, display_name: tag, state: 'active', vocabulary_id: null })),
    groups: [groupDict(d.category, locale)],
    extras: Object.entries(d.extras).map(([key, value]) => ({ key, value })),
    resources: d.resources.map((r) => resourceDict(baseUrl, d, r)),
    relationships_as_object: [],
    relationships_as_subject: [],
    // Taiwan's dataset metadata standard
    identifier: d.identifier,
    language: d.language,
    category: d.category.code,
    fields: d.fields,
    ...standardFields(d),
    quality_mark: d.quality_mark,
    unpublish_reason: d.unpublish_reason,
    views: d.views,
    downloads: d.downloads,
  };
}

// ---------------------------------------------------------------------------------------------

/** Keys package_show returns that are computed, so a show → edit → update round trip ignores them. */
const computedKeys = new Set([
  'state',
  'type',
  'organization',
  'author',
  'author_email',
  'license_title',
  'isopen',
  'metadata_created',
  'metadata_modified',
  'creator_user_id',
  'num_resources',
  'num_tags',
  'relationships_as_object',
  'relationships_as_subject',
  'quality_mark',
  'unpublish_reason',
  'views',
  'downloads',
  'url',
  'version',
  'groups',
  'maintainer',
  'maintainer_email',
  'extras',
  'api_key',
]);

const resourceKeys: Record<string, string> = {
  id: 'id',
  name: 'name',
  description: 'description',
  url: 'url',
  format: 'format',
  encoding: 'encoding',
  size: 'size',
  mimetype: 'media_type',
  media_type: 'media_type',
  hash: 'checksum',
  checksum: 'checksum',
  last_modified: 'last_modified',
  api_spec_url: 'api_spec_url',
};

export function resourceInput(raw: unknown, { keepId }: { keepId: boolean }): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const target = resourceKeys[key];
    if (!target || (target === 'id' && !keepId)) continue;
    if (value === '' && target !== 'description' && target !== 'name') continue;
    if (target === 'size' && typeof value === 'string' && /^\d+$/.test(value)) out.size = Number(value);
    else if (target === 'checksum' && value === '') continue;
    else out[target] = value;
  }
  // CKAN clients create an upload resource with url = the file name; the upload replaces it.
  if (typeof out.url === 'string' && !/^https?:\/\//i.test(out.url) && !out.url.includes(':')) delete out.url;
  return out;
}

/** A CKAN package dict as the catalog's dataset input (unknown CKAN keys dropped, ours kept). */
export function datasetInputFromCkan(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (computedKeys.has(key) || key === 'id' || key === 'resources' || key === 'tags' || key === 'private') continue;
    out[key] = value;
  }
  if (raw.id !== undefined) out.id = raw.id;
  if (raw.private !== undefined) out.private = raw.private === true || raw.private === 'true' || raw.private === 'True';
  if (Array.isArray(raw.tags)) out.tags = raw.tags.map((t) => (t && typeof t === 'object' ? (t as { name?: unknown }).name : t));
  else if (typeof raw.tags === 'string') out.tags = raw.tags.split(',').map((t) => t.trim()).filter(Boolean);
  if (out.category === undefined && Array.isArray(raw.groups) && raw.groups.length > 0) {
    const g = raw.groups[0] as { name?: unknown; id?: unknown } | string;
    out.category = typeof g === 'string' ? g : (g.name ?? g.id);
  }
  if (out.contact_name === undefined && typeof raw.maintainer === 'string' && raw.maintainer) out.contact_name = raw.maintainer;
  if (out.contact_email === undefined && typeof raw.maintainer_email === 'string' && raw.maintainer_email) out.contact_email = raw.maintainer_email;
  if (Array.isArray(raw.extras)) {
    const extras: Record<string, string> = {};
    for (const e of raw.extras as Array<{ key?: unknown; value?: unknown }>) {
      if (e && typeof e.key === 'string') extras[e.key] = typeof e.value === 'string' ? e.value : JSON.stringify(e.value);
    }
    out.extras = extras;
  }
  if (Array.isArray(raw.resources)) out.resources = raw.resources.map((r) => resourceInput(r, { keepId: true }));
  if (out.owner_org === '') delete out.owner_org;
  return out;
}
