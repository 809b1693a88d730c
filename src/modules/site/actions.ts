import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../core/action.js';

export const siteStats = defineAction({
  name: 'site_stats',
  description: 'Headline counts for the home page.',
  input: Type.Object({}),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx) {
    const agencies = await ctx.db.selectFrom('agencies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const users = await ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted_at', 'is', null).executeTakeFirst();
    return { agencies: Number(agencies?.n ?? 0), users: Number(users?.n ?? 0) };
  },
});
