// Who is acting. Roles are platform-wide, so every module's policy can reason about them.
/** Assurance level of a sign-in (core/assurance.ts says how each is reached). */
export type AssuranceLevel = 1 | 2 | 3;

export const roles = ['citizen', 'agency_staff', 'agency_admin', 'platform_moderator', 'platform_admin'] as const;
export type Role = (typeof roles)[number];

export interface Actor {
  userId: string;
  role: Role;
  agencyId: string | null;
  emailVerified: boolean;
  mobileVerified: boolean;
  /** How the actor proved who they are. */
  via: 'session' | 'token' | 'cli' | 'system';
  sessionId?: string;
  /** Assurance level (core/assurance.ts): of the session's sign-in, the token's, 3 for the system. */
  level: AssuranceLevel;
}

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

export const isPlatformAdmin = (a: Actor | null): boolean => a?.role === 'platform_admin';
export const isModerator = (a: Actor | null): boolean => a?.role === 'platform_moderator' || a?.role === 'platform_admin';
export const isAgencyMember = (a: Actor | null, agencyId: string): boolean =>
  !!a && (a.role === 'agency_staff' || a.role === 'agency_admin') && a.agencyId === agencyId;
export const isAgencyAdminOf = (a: Actor | null, agencyId: string): boolean =>
  !!a && a.role === 'agency_admin' && a.agencyId === agencyId;

/** The actor used by the CLI and background jobs: trusted, but still recorded in the audit log. */
export const systemActor = (via: 'cli' | 'system' = 'system'): Actor => ({
  userId: 'system',
  role: 'platform_admin',
  agencyId: null,
  emailVerified: true,
  mobileVerified: true,
  via,
  level: 3,
});
