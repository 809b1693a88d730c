import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { systemOnly } from '../../../core/access.js';
import { rotateSigningKeys } from '../keys.js';
import { providerCache } from '../provider-cache.js';

/** New signing keys; the old ones keep verifying until the tokens they signed have expired. */
export const identityKeysRotate = defineAction({
  name: 'identity_keys_rotate',
  input: Type.Object({}),
  caller: systemOnly,
  async run(ctx) {
    const result = await rotateSigningKeys(ctx.db, ctx.config.secret, ctx.clock.now());
    await ctx.audit({ action: 'identity_keys_rotate', subjectType: 'signing_key', data: result });
    ctx.afterCommit(() => providerCache(ctx.services).invalidate());
    return result;
  },
});
