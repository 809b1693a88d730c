// The one-time code that carries a certificate sign-in from the listener's port to the main site.
// Only its hash is stored; it lives two minutes and is deleted when redeemed, so it works once.
import { hashToken, randomToken } from '../../../core/ids.js';
import type { AnyDb } from '../../../core/db/types.js';
import { personKey } from '../keys.js';
import { identityDb, type IdentitySignInCodesTable } from '../tables.js';
import type { CertifiedPerson } from './judge.js';

export const SIGN_IN_CODE_SECONDS = 120;

export async function issueSignInCode(db: AnyDb, secret: string, person: CertifiedPerson, next: string, now: Date): Promise<string> {
  const code = randomToken();
  await identityDb(db)
    .insertInto('identity_sign_in_codes')
    .values({
      code_hash: hashToken(code),
      person_key: personKey(secret, person.nationalId),
      nationality: person.nationality,
      residence: person.residence,
      certificate_serial: person.serial,
      certificate_issuer: person.issuer,
      next,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SIGN_IN_CODE_SECONDS * 1000).toISOString(),
    })
    .execute();
  return code;
}

/** The code's sign-in, deleted as it is read; undefined when unknown, used or expired. */
export async function redeemSignInCode(db: AnyDb, code: string, now: Date): Promise<IdentitySignInCodesTable | undefined> {
  const ids = identityDb(db);
  const hash = hashToken(code);
  const row = await ids.selectFrom('identity_sign_in_codes').selectAll().where('code_hash', '=', hash).executeTakeFirst();
  if (!row) return undefined;
  const deleted = await ids.deleteFrom('identity_sign_in_codes').where('code_hash', '=', hash).executeTakeFirst();
  // Two redemptions racing: only the one whose delete removed the row goes on.
  if (Number(deleted.numDeletedRows) !== 1 || row.expires_at <= now.toISOString()) return undefined;
  return row;
}

export async function pruneSignInCodes(db: AnyDb, now: Date): Promise<void> {
  await identityDb(db).deleteFrom('identity_sign_in_codes').where('expires_at', '<=', now.toISOString()).execute();
}
