import { Type } from '@sinclair/typebox';
import { defineAction, signedIn } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { hashToken, newId, randomToken } from '../../../core/ids.js';
import { signedInBySession } from '../../../core/access.js';
import { ownsRecord } from '../policy.js';
import { accountsDb } from '../tables.js';

/** API tokens carry a recognisable prefix so secret scanners can spot a leaked one. */
export const API_TOKEN_PREFIX = 'ogt_';

export const apiTokenCreate = defineAction({
  name: 'api_token_create',
  description: 'Creates an API token for the signed-in user; the secret is shown only once.',
  input: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
  caller: signedInBySession,
  async run(ctx, input) {
    const id = newId();
    const token = `${API_TOKEN_PREFIX}${randomToken()}`;
    const now = ctx.clock.now().toISOString();
    await accountsDb(ctx.db)
      .insertInto('api_tokens')
      .values({ id, user_id: ctx.actor!.userId, name: input.name.trim(), token_hash: hashToken(token), created_at: now, last_used_at: null, revoked_at: null })
      .execute();
    await ctx.audit({ action: 'api_token_create', subjectType: 'user', subjectId: ctx.actor!.userId, data: { tokenId: id, name: input.name.trim() } });
    return { id, name: input.name.trim(), token, createdAt: now };
  },
});

export const apiTokenList = defineAction({
  name: 'api_token_list',
  input: Type.Object({}),
  sideEffectFree: true,
  caller: signedIn,
  async run(ctx) {
    const rows = await accountsDb(ctx.db)
      .selectFrom('api_tokens')
      .select(['id', 'name', 'created_at', 'last_used_at'])
      .where('user_id', '=', ctx.actor!.userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  },
});

export const apiTokenRevoke = defineAction({
  name: 'api_token_revoke',
  input: Type.Object({ tokenId: Type.String({ maxLength: 100 }) }),
  caller: signedIn,
  async load(ctx, input) {
    const token = await accountsDb(ctx.db).selectFrom('api_tokens').select(['id', 'user_id']).where('id', '=', input.tokenId).where('revoked_at', 'is', null).executeTakeFirst();
    if (!token) throw new AppError('NOT_FOUND', 'error.not_found');
    return token;
  },
  policy: (ctx, _input, token) => ownsRecord(ctx.actor, token),
  async run(ctx, _input, token) {
    await accountsDb(ctx.db).updateTable('api_tokens').set({ revoked_at: ctx.clock.now().toISOString() }).where('id', '=', token.id).execute();
    await ctx.audit({ action: 'api_token_revoke', subjectType: 'user', subjectId: token.user_id, data: { tokenId: token.id } });
    return { ok: true };
  },
});
