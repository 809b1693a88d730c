import { anyone, defineAction } from '../../../../core/action.js';
import { ListInput, sortAndPage, organizations } from './organization-shared.js';

export const organizationList = defineAction({
  name: 'organization_list',
  description: 'Publishing agencies (with datasets), as names or full records.',
  input: ListInput,
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    let all = (await organizations(ctx)).filter((o) => o.packageCount > 0 || input.organizations?.includes(o.code));
    if (input.organizations) all = all.filter((o) => input.organizations!.includes(o.code) || input.organizations!.includes(o.id));
    if (input.q) all = all.filter((o) => o.code.includes(input.q!) || o.nameZh.includes(input.q!) || o.nameEn.toLowerCase().includes(input.q!.toLowerCase()));
    return sortAndPage(all, input, { name: (o) => o.code, count: (o) => o.packageCount, title: (o) => o.nameZh });
  },
});
