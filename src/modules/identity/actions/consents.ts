// Consent a person gives a relying party: recorded when they allow it on the consent page,
// listed on their account page, and withdrawn there (which also ends every token of that grant).
import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { signedInBySession } from '../../../core/access.js';
import { notFound } from '../../../core/errors.js';
import { consentsOf } from '../queries.js';
import { identityDb } from '../tables.js';

export const oidcConsentList = defineAction({
  name: 'oidc_consent_list',
  description: 'The relying parties the signed-in person has allowed, with what each may receive.',
  input: Type.Object({}),
  sideEffectFree: true,
  caller: signedInBySession,
  async run(ctx) {
    const rows = await consentsOf(identityDb(ctx.db), ctx.actor!.userId);
    return rows.map((r) => ({ clientId: r.client_id, clientName: r.name, scopes: r.scopes.split(' ').filter(Boolean), grantedAt: r.granted_at }));
  },
});

/** Recorded by the consent page after the provider stored the grant; a later consent widens it. */
export const oidcConsentRecord = defineAction({
  name: 'oidc_consent_record',
  input: Type.Object({ clientId: Type.String({ maxLength: 100 }), grantId: Type.String({ maxLength: 200 }), scopes: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 }) }),
  caller: signedInBySession,
  async run(ctx, input) {
    const now = ctx.clock.now().toISOString();
    const row = { scopes: input.scopes.join(' '), grant_id: input.grantId, updated_at: now };
    await identityDb(ctx.db)
      .insertInto('identity_consents')
      .values({ user_id: ctx.actor!.userId, client_id: input.clientId, granted_at: now, ...row })
      .onConflict((oc) => oc.columns(['user_id', 'client_id']).doUpdateSet(row))
      .execute();
    await ctx.audit({ action: 'oidc_consent_grant', subjectType: 'oidc_client', subjectId: input.clientId, data: { scopes: input.scopes } });
    return { ok: true };
  },
});

export const oidcConsentRevoke = defineAction({
  name: 'oidc_consent_revoke',
  description: 'Withdraws consent from a relying party: its tokens stop working and it must ask again.',
  input: Type.Object({ clientId: Type.String({ maxLength: 100 }) }),
  caller: signedInBySession,
  // Only the person's own consent is ever loaded, so another person's cannot be named.
  async load(ctx, input) {
    const consent = await identityDb(ctx.db).selectFrom('identity_consents').selectAll().where('user_id', '=', ctx.actor!.userId).where('client_id', '=', input.clientId).executeTakeFirst();
    if (!consent) throw notFound();
    return consent;
  },
  async run(ctx, _input, consent) {
    const ids = identityDb(ctx.db);
    await ids.deleteFrom('identity_oidc_records').where('grant_id', '=', consent.grant_id).execute();
    await ids.deleteFrom('identity_consents').where('user_id', '=', consent.user_id).where('client_id', '=', consent.client_id).execute();
    await ctx.audit({ action: 'oidc_consent_revoke', subjectType: 'oidc_client', subjectId: consent.client_id });
    return { ok: true };
  },
});

export const consentActions = [oidcConsentList, oidcConsentRecord, oidcConsentRevoke];
