// Pure rules of the accounts module: lockout, token lifetimes, what a role needs.
import type { Role } from '../../core/actor.js';
import type { UsersTable } from './tables.js';
import type { Me } from './schemas.js';

/**
 * Failed passwords for one address from one network address before further tries from there wait
 * out the window. Keyed on the address typed, whether or not it has an account, so the answer tells
 * nothing; and on the caller's network address, so a stranger elsewhere cannot lock the owner out.
 */
export const SIGN_IN_FAILURES_PER_ADDRESS_AND_IP = 5;
export const SIGN_IN_THROTTLE_MINUTES = 15;
export const EMAIL_TOKEN_HOURS = 24;
export const RESET_TOKEN_MINUTES = 60;
export const MOBILE_CODE_MINUTES = 10;
export const MOBILE_CODE_MAX_ATTEMPTS = 5;
/** Codes sent per number and per account in one window (the route also limits per address). */
export const MOBILE_SENDS_PER_NUMBER = 5;
export const MOBILE_SENDS_PER_ACCOUNT = 5;
export const MOBILE_SEND_WINDOW_MS = 3_600_000;

export const roleNeedsAgency = (role: Role): boolean => role === 'agency_staff' || role === 'agency_admin';


/**
 * The privacy notice (the site module's /privacy page) that sign-up consent refers to, recorded on
 * each account. Bump it whenever the notice changes what is collected, why or for how long.
 */
export const PRIVACY_NOTICE_VERSION = '2026-12-03';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** 0912345678 and +886912345678 are the same number; store the national form. */
export function normalizeMobile(mobile: string): string {
  const compact = mobile.replace(/[\s-]/g, '');
  return compact.startsWith('+886') ? `0${compact.slice(4)}` : compact;
}

export function displayName(user: Pick<UsersTable, 'nickname' | 'name' | 'email'>): string {
  return user.nickname || user.name || user.email.split('@')[0]!;
}

export function toMe(user: UsersTable): Me {
  return {
    id: user.id,
    email: user.email,
    emailVerified: !!user.email_verified_at,
    role: user.role,
    agencyId: user.agency_id,
    name: user.name,
    nickname: user.nickname,
    phone: user.phone,
    mobile: user.mobile,
    mobileVerified: !!user.mobile_verified_at,
    address: user.address,
    nationality: user.nationality,
    nationalityVerified: !!user.nationality_verified_at,
    residence: user.residence,
    birthYear: user.birth_year,
    preferredLocale: user.preferred_locale,
    hasPassword: !!user.password_hash,
    createdAt: user.created_at,
  };
}

/** A complete users row: everything not given is empty, the counters start at zero. */
export function newUserRow(fields: Pick<UsersTable, 'id' | 'email' | 'role' | 'created_at'> & Partial<UsersTable>): UsersTable {
  return {
    email_verified_at: null,
    password_hash: null,
    agency_id: null,
    name: null,
    nickname: null,
    phone: null,
    mobile: null,
    mobile_verified_at: null,
    address: null,
    nationality: null,
    nationality_verified_at: null,
    residence: null,
    birth_year: null,
    preferred_locale: null,
    failed_logins: 0,
    locked_until: null,
    privacy_consent_at: null,
    privacy_notice_version: null,
    updated_at: fields.created_at,
    deleted_at: null,
    ...fields,
  };
}

/** A session's methods as stored (space-separated amr values); sessions from before the record count as password. */
export function sessionMethods(stored: string): string[] {
  const methods = stored.split(' ').filter(Boolean);
  return methods.length > 0 ? methods : ['pwd'];
}

/** Stored methods with `added` joined, each once, in a stable order (what the session now records). */
export function withMethods(stored: string, added: readonly string[]): string {
  return [...new Set([...sessionMethods(stored), ...added])].join(' ');
}
