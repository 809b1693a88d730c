// Redeeming the listener's one-time code on the main site: the certificate's person signs in (level
// 3, amr `sc`) to the account they are bound to, or binds to the account signed in now. A person
// nobody has claimed, arriving signed out, is told to sign in or create an account first.
import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../core/action.js';
import { AppError } from '../../../core/errors.js';
import { createSession, type Nationality } from '../../accounts/manifest.js';
import { accountOfPersonKey, bindPersonKey } from '../bindings.js';
import { redeemSignInCode } from '../certificates/codes.js';

/** RFC 8176: proof of possession of a key held on a smart card (the citizen digital certificate). */
export const CERTIFICATE_AMR = 'sc';

export const certificateSignInComplete = defineAction({
  name: 'certificate_sign_in_complete',
  description: 'Redeems a certificate sign-in code: opens a level-3 session, binding the person to the signed-in account on first use.',
  input: Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }) }),
  caller: anyone,
  async run(ctx, input) {
    const now = ctx.clock.now();
    const row = await redeemSignInCode(ctx.db, input.code, now);
    if (!row) throw new AppError('INVALID', 'identity.certificate.code_invalid');
    const person = { nationality: row.nationality as Nationality, residence: row.residence };
    const boundTo = await accountOfPersonKey(ctx.db, row.person_key);
    const signedIn = ctx.actor?.userId ?? null;
    if (!signedIn && !boundTo) return { outcome: 'unbound' as const, next: row.next };
    if (signedIn && boundTo && boundTo !== signedIn) throw new AppError('CONFLICT', 'identity.certificate.person_bound_to_another_account');

    const userId = (signedIn ?? boundTo)!;
    const binding = await bindPersonKey(ctx.db, row.person_key, { person, userId, source: 'certificate', now });
    if (!binding.bound) throw new AppError('CONFLICT', `identity.certificate.${binding.reason}`);
    const session = await createSession(ctx, userId, false, CERTIFICATE_AMR);
    await ctx.audit({
      action: 'certificate_sign_in',
      subjectType: 'user',
      subjectId: userId,
      data: { sessionId: session.sessionId, bound: binding.created, certificateSerial: row.certificate_serial, issuer: row.certificate_issuer },
    });
    return { outcome: 'signed_in' as const, session, next: row.next, bound: binding.created };
  },
});
