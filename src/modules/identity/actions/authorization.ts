import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { signedInBySession } from '../../../core/access.js';
import { AppError, notFound } from '../../../core/errors.js';
import { sessionSignIn } from '../../accounts/manifest.js';
import { acrFor } from '../model.js';
import { findClient } from '../queries.js';
import { identityDb } from '../tables.js';

/**
 * What the sign-in and consent pages need: how the person's platform session was signed in (amr,
 * the level it reaches, when) and the relying party asking.
 */
export const oidcAuthorizationContext = defineAction({
  name: 'oidc_authorization_context',
  input: Type.Object({ clientId: Type.String({ maxLength: 100 }) }),
  sideEffectFree: true,
  caller: signedInBySession,
  async load(ctx, input) {
    const client = await findClient(identityDb(ctx.db), input.clientId);
    if (!client || client.disabledAt) throw notFound();
    return client;
  },
  async run(ctx, _input, client) {
    const signIn = ctx.actor!.sessionId ? await sessionSignIn(ctx.db, ctx.actor!.sessionId, ctx.clock.now()) : undefined;
    if (!signIn) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
    return {
      signIn: { userId: signIn.userId, amr: signIn.methods, acr: acrFor(signIn), authTime: Math.floor(new Date(signIn.signedInAt).getTime() / 1000) },
      client: { clientId: client.clientId, name: client.name, minAcr: client.minAcr, claims: client.claims, redirectUris: client.redirectUris },
    };
  },
});
