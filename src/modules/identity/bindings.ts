// One verified person ↔ one account. A person proven by a citizen certificate or by the external
// mobile-certificate provider is bound to the account that first claimed them; no second account can
// claim them, and an account holds one person. The person is known by an HMAC of their national id
// (keys.ts `personKey`); two unique keys (person, account) settle a race between two claims, never a
// check before the insert.
import type { AnyDb } from '../../core/db/types.js';
import { participantFacts, recordVerifiedNationality, type Nationality } from '../accounts/published.js';
import { personKey, sealNationalId } from './keys.js';
import { identityDb, type BindingSource } from './tables.js';

export type { BindingSource };

/** What a certificate or the federated provider proved about a person. */
export interface VerifiedPerson {
  nationalId: string;
  nationality: Nationality;
  /** ISO 3166-2 code of the registered residence ('TW-TPE'), or a country code ('TW'); null when not stated. */
  residence: string | null;
}

export interface VerifiedAttributes {
  nationality: Nationality;
  residence: string | null;
  source: BindingSource;
  boundAt: string;
  verifiedAt: string;
}

export type BindOutcome =
  | { bound: true; created: boolean }
  | { bound: false; reason: 'person_bound_to_another_account' | 'account_bound_to_another_person' };

/** The live account a person is bound to, if any. */
export function accountOfPerson(db: AnyDb, secret: string, nationalId: string): Promise<string | undefined> {
  return accountOfPersonKey(db, personKey(secret, nationalId));
}

/** The same, by the person's key (what a sign-in code carries instead of the national id). */
export async function accountOfPersonKey(db: AnyDb, key: string): Promise<string | undefined> {
  const row = await identityDb(db).selectFrom('identity_person_bindings').select('user_id').where('person_key', '=', key).executeTakeFirst();
  if (!row || !(await participantFacts(db, row.user_id))) return undefined;
  return row.user_id;
}

/**
 * Binds the person to the account, or renews the binding's attributes when it is already theirs.
 * Refused (nothing written) when the person is bound to another live account or the account to
 * another person. A person bound to a deleted account moves to the new one. The account's nationality
 * and residence become the verified ones (accounts' recordVerifiedNationality). Call it inside the
 * caller's transaction, which also audits.
 */
export function bindPerson(
  db: AnyDb,
  secret: string,
  claim: { person: VerifiedPerson; userId: string; source: BindingSource; now: Date },
): Promise<BindOutcome> {
  const { nationalId, ...attributes } = claim.person;
  return bindPersonKey(db, personKey(secret, nationalId), { ...claim, person: attributes, nationalIdSealed: sealNationalId(secret, nationalId) });
}

/** The same, by the person's key; the sealed national id (for the provider to release) when the caller has the id. */
export async function bindPersonKey(
  db: AnyDb,
  key: string,
  claim: { person: Omit<VerifiedPerson, 'nationalId'>; userId: string; source: BindingSource; now: Date; nationalIdSealed?: string },
): Promise<BindOutcome> {
  const ids = identityDb(db);
  const at = claim.now.toISOString();
  const attributes = {
    source: claim.source,
    nationality: claim.person.nationality,
    residence: claim.person.residence,
    verified_at: at,
    ...(claim.nationalIdSealed && { national_id_sealed: claim.nationalIdSealed }),
  };
  // ON CONFLICT DO NOTHING (no target: either key) rather than catching the violation, which would
  // abort the caller's transaction on PostgreSQL. A concurrent claim waits for the other to commit.
  const inserted = await ids
    .insertInto('identity_person_bindings')
    .values({ person_key: key, user_id: claim.userId, bound_at: at, ...attributes })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  const verified = { nationality: claim.person.nationality, residence: claim.person.residence, verifiedAt: claim.now };
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
    await recordVerifiedNationality(db, claim.userId, verified);
    return { bound: true, created: true };
  }

  const existing = await ids.selectFrom('identity_person_bindings').select(['person_key', 'user_id']).where((eb) => eb.or([eb('person_key', '=', key), eb('user_id', '=', claim.userId)])).execute();
  const ofPerson = existing.find((r) => r.person_key === key);
  const ofAccount = existing.find((r) => r.user_id === claim.userId);
  if (ofPerson && ofPerson.user_id === claim.userId) {
    await ids.updateTable('identity_person_bindings').set(attributes).where('person_key', '=', key).execute();
    await recordVerifiedNationality(db, claim.userId, verified);
    return { bound: true, created: false };
  }
  if (ofAccount) return { bound: false, reason: 'account_bound_to_another_person' };
  if (ofPerson && !(await participantFacts(db, ofPerson.user_id))) {
    const moved = await ids
      .updateTable('identity_person_bindings')
      .set({ user_id: claim.userId, bound_at: at, ...attributes })
      .where('person_key', '=', key)
      .where('user_id', '=', ofPerson.user_id)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 1) {
      await recordVerifiedNationality(db, claim.userId, verified);
      return { bound: true, created: true };
    }
  }
  return { bound: false, reason: 'person_bound_to_another_account' };
}

/** The verified nationality and residence of an account, if a person is bound to it. */
export async function verifiedAttributes(db: AnyDb, userId: string): Promise<VerifiedAttributes | undefined> {
  const row = await identityDb(db)
    .selectFrom('identity_person_bindings')
    .select(['nationality', 'residence', 'source', 'bound_at', 'verified_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { nationality: row.nationality as Nationality, residence: row.residence, source: row.source, boundAt: row.bound_at, verifiedAt: row.verified_at };
}
