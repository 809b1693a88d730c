// The claims the provider states from a person's binding (a certificate or an external provider
// verified them): nationality and residence, and the national id itself, which only relying parties
// explicitly allowed the national_id claim receive (provider.ts releases by the client's allowed list).
import type { AnyDb } from '../../core/db/types.js';
import { unsealNationalId } from './keys.js';
import { identityDb } from './tables.js';

export interface PersonClaims {
  nationality_verified?: string;
  residence_verified?: string;
  national_id?: string;
}

export async function personClaims(db: AnyDb, secret: string, userId: string): Promise<PersonClaims> {
  const row = await identityDb(db).selectFrom('identity_person_bindings').select(['nationality', 'residence', 'national_id_sealed']).where('user_id', '=', userId).executeTakeFirst();
  if (!row) return {};
  return {
    nationality_verified: row.nationality,
    ...(row.residence && { residence_verified: row.residence }),
    ...(row.national_id_sealed && { national_id: unsealNationalId(secret, row.national_id_sealed) }),
  };
}
