import type { Generated } from 'kysely';
import type { AnyDb } from '../../core/db/types.js';
import { tablesOf, type ModuleDb } from '../../core/db/tables-of.js';
import type { Role } from '../../core/actor.js';

export type Nationality = 'roc' | 'residence_permit' | 'other';

export interface UsersTable {
  id: string;
  email: string;
  email_verified_at: string | null;
  password_hash: string | null;
  role: Role;
  agency_id: string | null;
  name: string | null;
  nickname: string | null;
  phone: string | null;
  mobile: string | null;
  mobile_verified_at: string | null;
  address: string | null;
  nationality: Nationality | null;
  /** Set when nationality (and residence) came from a citizen certificate or the federated provider: no longer editable. */
  nationality_verified_at: string | null;
  /** Verified residence: an ISO 3166-2 or country code; null when not verified. */
  residence: string | null;
  birth_year: number | null;
  preferred_locale: string | null;
  failed_logins: number;
  locked_until: string | null;
  /** When the person agreed to the privacy notice at sign-up, and which version of it; null for accounts made before consent was asked. */
  privacy_consent_at: string | null;
  privacy_notice_version: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  revoked_at: string | null;
  /** Set when a second factor is still owed; such a session does not sign anyone in. */
  mfa_pending: number;
  webauthn_challenge: string | null;
  /** RFC 8176 amr values, space-separated: 'pwd', 'hwk user' (passkey, user-verified), 'pwd hwk mfa'. */
  sign_in_methods: Generated<string>;
  /** The level an outside authority vouched for (federated sign-in); null: follows from the methods. */
  asserted_acr: Generated<string | null>;
}

export type TokenPurpose = 'verify_email' | 'reset_password' | 'verify_mobile' | 'step_up';

export interface UserTokensTable {
  id: string;
  user_id: string;
  purpose: TokenPurpose;
  token_hash: string;
  /** For mobile codes: the number the code was sent to; for step-up codes: the session it completes. */
  target: string | null;
  attempts: number;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** After this the token signs nothing in (null only on rows the 0230 migration could not date). */
  expires_at: string | null;
  /** The assurance level the token acts at: its creating session's, at most 2 (1 for older tokens). */
  acr_level: Generated<number>;
}

export interface PasskeysTable {
  id: string;
  user_id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string | null;
  name: string;
  created_at: string;
  last_used_at: string | null;
  /** Set by a password reset: the passkey signs nothing in until its owner confirms it (passkey_confirm). */
  suspended_at: string | null;
}

export type WebauthnChallengePurpose = 'register' | 'login' | 'second_factor';

/** One outstanding WebAuthn challenge; the row is deleted when the ceremony finishes. */
export interface WebauthnChallengesTable {
  id: string;
  challenge: string;
  purpose: WebauthnChallengePurpose;
  /** Registration: the user adding a passkey. */
  user_id: string | null;
  /** Second factor: the pending session it completes. */
  session_id: string | null;
  expires_at: string;
  created_at: string;
}

/** The accounts module's tables; only its own queries see them (tablesOf). */
export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  api_tokens: ApiTokensTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
}

export type AccountsDb = ModuleDb<AccountsTables>;
export const accountsDb = (db: AnyDb): AccountsDb => tablesOf<AccountsTables>(db);
