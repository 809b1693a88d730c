// Signing in through the external provider (the mobile citizen certificate), in three steps around
// the two trips to the provider: begin (a started sign-in stored under a hash of its state), take
// (the callback claims it once: a second callback is a replay), finish (the verified identity is
// matched through the person binding and a platform session opened at the level the provider vouched
// for). The HTTP with the provider happens between take and finish, outside any transaction.
import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../core/action.js';
import { hashToken } from '../../../core/ids.js';
import { endSession, openSession } from '../../accounts/manifest.js';
import { accountOfPerson, bindPerson, type VerifiedPerson } from '../bindings.js';
import { acrOfLevel, levelOfAcr, normalizedNationalId, sessionMethods, verifiedNationality, type FederationFailure } from '../federation-rules.js';
import { newPendingSignIn } from '../relying-party.js';
import { identityDb } from '../tables.js';

/** How long a person may take at the provider. */
export const FEDERATION_SIGN_IN_MINUTES = 10;

const failed = (failure: FederationFailure) => ({ ok: false as const, failure });

export const federationSignInBegin = defineAction({
  name: 'federation_sign_in_begin',
  description: 'Starts a sign-in at the external identity provider: new state, nonce and PKCE verifier, kept until the callback.',
  input: Type.Object({ next: Type.String({ maxLength: 500 }) }),
  caller: anyone,
  async run(ctx, input) {
    const pending = await newPendingSignIn();
    const now = ctx.clock.now();
    await identityDb(ctx.db)
      .insertInto('identity_federation_sign_ins')
      .values({
        state_hash: hashToken(pending.state),
        nonce: pending.nonce,
        code_verifier: pending.codeVerifier,
        next: input.next,
        user_id: ctx.actor?.userId ?? null,
        session_id: ctx.actor?.sessionId ?? null,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + FEDERATION_SIGN_IN_MINUTES * 60_000).toISOString(),
        taken_at: null,
        finished_at: null,
      })
      .execute();
    return pending;
  },
});

const State = Type.String({ minLength: 1, maxLength: 200 });

export const federationSignInTake = defineAction({
  name: 'federation_sign_in_take',
  description: 'The callback claims its started sign-in, once.',
  input: Type.Object({ state: State }),
  caller: anyone,
  async run(ctx, input) {
    const now = ctx.clock.now().toISOString();
    const row = await identityDb(ctx.db).selectFrom('identity_federation_sign_ins').selectAll().where('state_hash', '=', hashToken(input.state)).executeTakeFirst();
    if (!row) return failed('state_mismatch');
    // The guarded update settles two callbacks racing with one state: one takes it.
    const taken = await identityDb(ctx.db)
      .updateTable('identity_federation_sign_ins')
      .set({ taken_at: now })
      .where('state_hash', '=', row.state_hash)
      .where('taken_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) return failed('replayed');
    return { ok: true as const, pending: { state: input.state, nonce: row.nonce, codeVerifier: row.code_verifier }, next: row.next };
  },
});

const VerifiedIdentity = Type.Object({
  issuer: Type.String({ maxLength: 500 }),
  subject: Type.String({ maxLength: 500 }),
  acr: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  amr: Type.Unknown(),
  claims: Type.Record(Type.String(), Type.Unknown()),
});

/** What the provider's claims prove about the person, or why they prove nothing. */
function provenPerson(claims: Record<string, unknown>, nationalIdClaim: string): VerifiedPerson | undefined {
  const nationalId = normalizedNationalId(claims[nationalIdClaim]);
  if (!nationalId) return undefined;
  const residence = typeof claims.residence_verified === 'string' && /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(claims.residence_verified) ? claims.residence_verified : null;
  return { nationalId, nationality: verifiedNationality(claims.nationality_verified, nationalId), residence };
}

/**
 * Finishes a taken sign-in with the identity relying-party.ts verified (only the callback route
 * calls this, with what openid-client returned): the person's account by their binding, a first use
 * bound to the account that began the sign-in, and a new session at the level the provider vouched for.
 */
export const federationSignInFinish = defineAction({
  name: 'federation_sign_in_finish',
  description: 'Opens a platform session for the person the external provider verified (called by the sign-in callback only).',
  input: Type.Object({ state: State, identity: VerifiedIdentity }),
  caller: anyone,
  async run(ctx, input) {
    const federation = ctx.config.federation!;
    const now = ctx.clock.now();
    const row = await identityDb(ctx.db)
      .selectFrom('identity_federation_sign_ins')
      .selectAll()
      .where('state_hash', '=', hashToken(input.state))
      .where('taken_at', 'is not', null)
      .where('finished_at', 'is', null)
      .executeTakeFirst();
    if (!row) return failed('replayed');
    const level = levelOfAcr(input.identity.acr, federation.acrLevels);
    if (level < federation.minLevel) return failed('level_too_low');
    const person = provenPerson(input.identity.claims, federation.nationalIdClaim);
    if (!person) return failed('no_national_id');

    const owner = await accountOfPerson(ctx.db, ctx.config.secret, person.nationalId);
    if (owner && row.user_id && owner !== row.user_id) return failed('bound_elsewhere');
    const userId = owner ?? row.user_id;
    if (!userId) return failed('not_signed_in');
    const binding = await bindPerson(ctx.db, ctx.config.secret, { person, userId, source: 'federation', now });
    if (!binding.bound) return failed(binding.reason === 'account_bound_to_another_person' ? 'account_has_other_person' : 'bound_elsewhere');

    const session = await openSession(ctx.db, {
      userId,
      methods: sessionMethods(input.identity.amr),
      assertedAcr: acrOfLevel(level as 1 | 2 | 3),
      now,
      days: ctx.config.sessionDays,
      ip: ctx.request.ip,
      userAgent: ctx.request.userAgent,
    });
    // The session that began the sign-in (if any) gives way to the new, better-assured one.
    if (row.session_id) await endSession(ctx.db, row.session_id, now);
    await identityDb(ctx.db).updateTable('identity_federation_sign_ins').set({ finished_at: now.toISOString() }).where('state_hash', '=', row.state_hash).execute();
    await ctx.audit({
      action: 'identity_federated_sign_in',
      subjectType: 'user',
      subjectId: userId,
      data: { sessionId: session.sessionId, issuer: input.identity.issuer, acr: input.identity.acr, level, boundNow: binding.created },
    });
    return { ok: true as const, session, next: row.next, boundNow: binding.created };
  },
});

export const federationActions = [federationSignInBegin, federationSignInTake, federationSignInFinish];
