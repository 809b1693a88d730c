import { anyone, defineAction } from '../../../../core/action.js';
import { ListInput, sortAndPage, groups } from './organization-shared.js';

export const groupList = defineAction({
  name: 'group_list',
  description: 'Service categories (服務分類), as names or full records.',
  input: ListInput,
  sideEffectFree: true,
  caller: anyone,
  async run(ctx, input) {
    let all = await groups(ctx);
    if (input.groups) all = all.filter((g) => input.groups!.includes(g.code));
    if (input.q) all = all.filter((g) => g.code.includes(input.q!) || g.nameZh.includes(input.q!) || g.nameEn.toLowerCase().includes(input.q!.toLowerCase()));
    if (!input.sort) return all.slice(input.offset ?? 0, input.limit === undefined ? undefined : (input.offset ?? 0) + input.limit);
    return sortAndPage(all, input, { name: (g) => g.code, count: (g) => g.packageCount, title: (g) => g.nameZh });
  },
});
