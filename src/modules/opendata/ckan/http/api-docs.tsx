// The developer page: which CKAN actions and parameters this portal answers, and the DCAT exports.
import type { FastifyInstance } from 'fastify';
import { pageContext, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { DataTable } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Layout } from '../../../../web/layout.js';
import { supportedCkanActions } from './ckan.js';

const actionParameters: Record<string, { params: string; token: boolean }> = {
  site_read: { params: '—', token: false },
  status_show: { params: '—', token: false },
  package_list: { params: 'limit, offset', token: false },
  package_show: { params: 'id (id, name or identifier)', token: false },
  package_search: { params: 'q, fq, fq_list, sort (score, metadata_modified, metadata_created, name, title_string, downloads, views_total + asc/desc), rows (≤ 1000), start, facet, facet.field (JSON list), facet.limit, facet.mincount, include_private', token: false },
  package_autocomplete: { params: 'q, limit', token: false },
  current_package_list_with_resources: { params: 'limit, offset, page', token: false },
  package_create: { params: 'name, title, notes, owner_org, groups / category, tags, maintainer / contact_name, maintainer_email / contact_email, update_frequency, license_id, private, extras, resources, identifier, provision_type, charge, fee, fee_basis, issued, temporal_start, temporal_end, spatial, remarks, data_volume, related_urls, fields', token: true },
  package_update: { params: 'id + package_create fields (resources replaced when given)', token: true },
  package_patch: { params: 'id + the fields to change', token: true },
  package_delete: { params: 'id', token: true },
  resource_show: { params: 'id', token: false },
  resource_create: { params: 'package_id, url or upload (multipart), name, description, format, encoding, size, mimetype, hash, last_modified, api_spec_url', token: true },
  resource_update: { params: 'id + resource_create fields', token: true },
  resource_patch: { params: 'id + the fields to change', token: true },
  resource_delete: { params: 'id', token: true },
  organization_list: { params: 'all_fields, sort, limit, offset, organizations, q', token: false },
  organization_show: { params: 'id, include_datasets', token: false },
  group_list: { params: 'all_fields, sort, limit, offset, groups, q', token: false },
  group_show: { params: 'id, include_datasets', token: false },
  tag_list: { params: 'query, all_fields', token: false },
  api_token_create: { params: 'name — always refused here (403, CKAN Authorization Error): tokens are created on the account page, and a token never creates another', token: true },
};

function ApiDocsPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={ctx.t('opendata.docs.title')} breadcrumbs={[{ href: '/datasets', label: ctx.t('opendata.search.title') }, { label: ctx.t('opendata.docs.title') }]}>
      <h1>{ctx.t('opendata.docs.title')}</h1>
      <p class="usa-intro">{ctx.t('opendata.docs.intro')}</p>
      <pre class="og-token">curl -H "Authorization: ogt_…" '/api/3/action/package_search?q=空氣品質&amp;facet.field=["organization","res_format"]'</pre>
      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">{ctx.t('opendata.docs.actions')}</h2>
        <DataTable
          caption={ctx.t('opendata.docs.actions')}
          captionHidden
          rows={supportedCkanActions}
          columns={[
            { header: ctx.t('opendata.docs.action'), cell: (name) => <code>{name}</code> },
            { header: ctx.t('opendata.docs.parameters'), cell: (name) => actionParameters[name]?.params ?? '—' },
            { header: ctx.t('opendata.docs.auth'), cell: (name) => (actionParameters[name]?.token ? ctx.t('opendata.docs.yes') : ctx.t('opendata.docs.no')) },
          ]}
        />
      </section>
      <section aria-labelledby="fq-heading">
        <h2 id="fq-heading">fq / q</h2>
        <p>{ctx.t('opendata.docs.fq')}</p>
      </section>
      <section aria-labelledby="errors-heading">
        <h2 id="errors-heading">{ctx.t('opendata.docs.errors')}</h2>
        <p>{ctx.t('opendata.docs.errors_text')}</p>
      </section>
      <section aria-labelledby="dcat-heading">
        <h2 id="dcat-heading">DCAT-AP</h2>
        <p>{ctx.t('opendata.docs.dcat')}</p>
      </section>
    </Layout>
  );
}

export async function apiDocsPage(app: FastifyInstance, _deps: AppDeps): Promise<void> {
  app.get('/developers/ckan', async (request, reply) => sendPage(reply, <ApiDocsPage ctx={pageContext(request, reply)} />));
}
