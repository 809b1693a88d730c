import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../core/action.js';
import { countUsers } from '../accounts/published.js';
import { agencyCount } from '../agencies/published.js';

export const siteStats = defineAction({
  name: 'site_stats',
  description: 'Headline counts for the home page.',
  input: Type.Object({}),
  sideEffectFree: true,
  caller: anyone,
  async run(ctx) {
    return { agencies: await agencyCount(ctx.db), users: await countUsers(ctx.db) };
  },
});
