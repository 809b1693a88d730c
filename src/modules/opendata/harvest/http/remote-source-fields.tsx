// The kind (CKAN site or DCAT feed) and address of a remote catalog: the one-off import form and
// the harvest-source form ask for both the same way.
import { Field, Select, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';

export function RemoteSourceFields({ ctx, state, kindLabel, urlLabel }: { ctx: PageContext; state: FormState; kindLabel: string; urlLabel: string }) {
  return (
    <>
      <Select
        ctx={ctx}
        state={state}
        name="kind"
        label={kindLabel}
        options={[
          { value: 'ckan', label: ctx.t('opendata.import.kind.ckan') },
          { value: 'dcat', label: ctx.t('opendata.import.kind.dcat') },
        ]}
        required
      />
      <Field ctx={ctx} state={state} name="url" type="url" label={urlLabel} hint={ctx.t('opendata.import.url_hint')} required maxLength={2000} />
    </>
  );
}
