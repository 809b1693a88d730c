import { Type, type Static } from '@sinclair/typebox';
import { defineAction, signedIn } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { hashToken, newId, randomToken } from '../../../core/ids.js';
import { signedInBySession } from '../../../core/access.js';
import type { Actor } from '../../../core/actor.js';
import { ownsRecord } from '../policy.js';
import { accountsDb } from '../tables.js';

/** API tokens carry a recognisable prefix so secret scanners can spot a leaked one. */
export const API_TOKEN_PREFIX = 'ogt_';

/** A new token's lifetime unless its maker chooses: 90 days, or the operator maximum if that is less. */
export const DEFAULT_TOKEN_DAYS = 90;
export const defaultTokenDays = (maxDays: number): number => Math.min(DEFAULT_TOKEN_DAYS, maxDays);

export const ApiTokenSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  expired: Type.Boolean(),
}, { $id: 'ApiTokenSummary' });
/**
 * A token acts at the level of the session that made it, at most 2: level 3 means a certificate was
 * presented at sign-in, which a copied secret is not. Tokens the CLI makes for a person act at 1.
 */
const tokenLevelFor = (actor: Actor) => (actor.via === 'session' ? Math.min(actor.level, 2) : 1);

export const apiTokenCreate = defineAction({
  name: 'api_token_create',
  description: 'Creates an API token for the signed-in user; the secret is shown only once. It expires after `expiresInDays` (default 90, at most the operator maximum).',
  input: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) }),
  caller: signedInBySession,
  async run(ctx, input) {
    const maxDays = ctx.config.apiTokenMaxDays;
    const days = input.expiresInDays ?? defaultTokenDays(maxDays);
    if (days > maxDays) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'expiresInDays', message: 'accounts.token.expiry_too_long', params: { max: maxDays } }]);
    const id = newId();
    const token = `${API_TOKEN_PREFIX}${randomToken()}`;
    const nowDate = ctx.clock.now();
    const now = nowDate.toISOString();
    const expiresAt = new Date(nowDate.getTime() + days * 86_400_000).toISOString();
    await accountsDb(ctx.db)
      .insertInto('api_tokens')
      .values({ id, user_id: ctx.actor!.userId, name: input.name.trim(), token_hash: hashToken(token), created_at: now, last_used_at: null, revoked_at: null, expires_at: expiresAt, acr_level: tokenLevelFor(ctx.actor!) })
      .execute();
    await ctx.audit({ action: 'api_token_create', subjectType: 'user', subjectId: ctx.actor!.userId, data: { tokenId: id, name: input.name.trim(), expiresAt } });
    return { id, name: input.name.trim(), token, createdAt: now, expiresAt, level: tokenLevelFor(ctx.actor!) };
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
      .select(['id', 'name', 'created_at', 'last_used_at', 'expires_at'])
      .where('user_id', '=', ctx.actor!.userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    const now = ctx.clock.now();
    return rows.map(
      (r): Static<typeof ApiTokenSummary> => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, expiresAt: r.expires_at, expired: !r.expires_at || new Date(r.expires_at) <= now }),
    );
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
