import type { Generated } from 'kysely';
import type { AnyDb } from '../../core/db/types.js';
import { tablesOf, type ModuleDb } from '../../core/db/tables-of.js';

export type ClientAuthMethod = 'client_secret_basic' | 'private_key_jwt';

/** A relying party registered with the platform's OpenID Connect provider. */
export interface IdentityClientsTable {
  /** The client_id. */
  id: string;
  name: string;
  /** The agency whose system this is (its agency admins manage it); null for platform-wide RPs. */
  agency_id: string | null;
  /** JSON arrays of absolute URLs. */
  redirect_uris: string;
  post_logout_redirect_uris: string;
  /** Space-separated scopes the RP may ask for ('openid' always among them). */
  scopes: string;
  /** Space-separated claims the RP may receive (a subset of what its scopes give). */
  claims: string;
  /** Pairwise subjects are computed per sector: RPs of one sector see the same `sub`. */
  sector: string;
  /** Operator-marked government system of its sector: gets the public subject. */
  public_subject: number;
  min_acr: string;
  auth_method: ClientAuthMethod;
  /** private_key_jwt: the RP's public keys (a JWKS, JSON). */
  jwks: string | null;
  /** client_secret_basic: random salt the secret is derived from (keys.ts); a rotation replaces it. */
  secret_salt: string | null;
  secret_rotated_at: string | null;
  id_token_alg: 'ES256' | 'RS256';
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The provider's own records (sessions, grants, codes, tokens, interactions), one row each. */
export interface IdentityOidcRecordsTable {
  model: string;
  id: string;
  /** The record as the provider gave it (JSON). */
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: string | null;
  consumed_at: string | null;
}

/** Keys the provider signs with; retired keys stay published until their tokens have expired. */
export interface IdentitySigningKeysTable {
  kid: string;
  alg: 'ES256' | 'RS256';
  public_jwk: string;
  /** The private JWK, sealed with AES-256-GCM under a key derived from SECRET (keys.ts). */
  private_jwk_sealed: string;
  created_at: string;
  retired_at: string | null;
}

/** Consent a person gave a relying party: remembered until they revoke it on their account page. */
export interface IdentityConsentsTable {
  user_id: string;
  client_id: string;
  /** Space-separated scopes consented to. */
  scopes: string;
  grant_id: string;
  granted_at: string;
  updated_at: string;
}

export type BindingSource = 'certificate' | 'federation';

/**
 * One verified person bound to one account (bindings.ts). The person is known only by an HMAC of
 * their national id under a key derived from SECRET; the id itself is never stored.
 */
export interface IdentityPersonBindingsTable {
  person_key: string;
  /** The account; unique, so an account holds at most one person. */
  user_id: string;
  /** How the person was last verified. */
  source: BindingSource;
  /** Nationality as verified ('roc' | 'residence_permit' | 'other', the accounts module's values). */
  nationality: string;
  /** Registered residence as verified: an ISO 3166-2 code ('TW-TPE'), or a country code; null when not given. */
  residence: string | null;
  bound_at: string;
  verified_at: string;
  /** The national id sealed for release to RPs allowed the national_id claim (keys.ts); null for bindings made before. */
  national_id_sealed: Generated<string | null>;
}

/** The latest verified CRL of each trusted CA (certificates/trust.ts), shared by every process. */
export interface IdentityCertificateCrlsTable {
  /** SHA-256 fingerprint of the CA certificate (Node's X509Certificate form). */
  ca_fingerprint: string;
  /** The CRL, DER in base64. */
  crl: string;
  this_update: string;
  next_update: string | null;
  fetched_at: string;
}

/**
 * A one-time code the certificate listener hands to the main site (never cookies across ports): who
 * the certificate proved, for two minutes, until the main site redeems it.
 */
export interface IdentitySignInCodesTable {
  code_hash: string;
  person_key: string;
  nationality: string;
  residence: string | null;
  /** The certificate's serial and issuer, for the audit record. */
  certificate_serial: string;
  certificate_issuer: string;
  /** Where the person goes after signing in (a local path). */
  next: string;
  created_at: string;
  expires_at: string;
}

/** A sign-in begun at the external provider, waiting for its callback (relying-party.ts). */
export interface IdentityFederationSignInsTable {
  /** SHA-256 of the state sent to the provider (also kept in the browser's cookie). */
  state_hash: string;
  nonce: string;
  code_verifier: string;
  /** Where to go afterwards (a path on this site). */
  next: string;
  /** Who was signed in when it began: the account a first use binds to. */
  user_id: string | null;
  session_id: string | null;
  created_at: string;
  expires_at: string;
  /** Set by the callback that took it: a second callback with the same state is a replay. */
  taken_at: string | null;
  finished_at: string | null;
}

/** The identity module's tables; only its own queries see them (tablesOf). */
export interface IdentityTables {
  identity_person_bindings: IdentityPersonBindingsTable;
  identity_certificate_crls: IdentityCertificateCrlsTable;
  identity_sign_in_codes: IdentitySignInCodesTable;
  identity_clients: IdentityClientsTable;
  identity_oidc_records: IdentityOidcRecordsTable;
  identity_signing_keys: IdentitySigningKeysTable;
  identity_consents: IdentityConsentsTable;
  identity_federation_sign_ins: IdentityFederationSignInsTable;
}

export type IdentityDb = ModuleDb<IdentityTables>;
export const identityDb = (db: AnyDb): IdentityDb => tablesOf<IdentityTables>(db);
