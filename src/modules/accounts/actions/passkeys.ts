// Passkeys (WebAuthn): registration for a signed-in user, passwordless sign-in with discoverable
// credentials, and the second factor that completes a session opened by a password.
// Challenges are rows in webauthn_challenges (any app process can finish a ceremony another one
// started); finishing a ceremony deletes its row, so each challenge works once. Ceremony failures
// are returned as { ok: false } rather than thrown, so that the deleted challenge (and an audited
// counter regression) stays committed.
import { Type, type Static } from '@sinclair/typebox';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { decodeClientDataJSON, isoBase64URL, isoUint8Array, parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import { anyone, defineAction, signedIn, type ActionContext } from '../../../core/action.js';
import type { Config } from '../../../core/config.js';
import { AppError } from '../../../core/errors.js';
import { t } from '../../../core/i18n/index.js';
import { hashToken, newId, randomToken } from '../../../core/ids.js';
import { displayName } from '../model.js';
import type { PasskeysTable, WebauthnChallengePurpose } from '../tables.js';
import { createSession, type NewSession } from './sign-in.js';
import { signedInBySession } from '../../../core/access.js';
import { ownsRecord } from '../policy.js';
import { accountsDb } from '../tables.js';

export const CHALLENGE_TTL_MS = 5 * 60_000;
/** A password sign-in that still owes its passkey must finish within this time. */
export const PENDING_SESSION_TTL_MS = 15 * 60_000;
const CEREMONY_TIMEOUT_MS = 120_000;
const KNOWN_TRANSPORTS: readonly string[] = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'];

/** rpID is the host name of BASE_URL; the expected origin is BASE_URL's origin. */
export function relyingParty(config: Pick<Config, 'baseUrl'>): { rpID: string; origin: string } {
  const url = new URL(config.baseUrl);
  return { rpID: url.hostname, origin: url.origin };
}

// ---- schemas -------------------------------------------------------------------------------

const Base64Url = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+={0,2}$' });
const Transports = Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 });
const Extensions = Type.Object({}, { additionalProperties: true });

/** What @simplewebauthn/browser's startRegistration() resolves to. */
export const RegistrationResponse = Type.Object({
  id: Base64Url(1400),
  rawId: Base64Url(1400),
  type: Type.Literal('public-key'),
  response: Type.Object({
    clientDataJSON: Base64Url(8192),
    attestationObject: Base64Url(32768),
    authenticatorData: Type.Optional(Base64Url(32768)),
    transports: Type.Optional(Transports),
    publicKeyAlgorithm: Type.Optional(Type.Integer()),
    publicKey: Type.Optional(Base64Url(8192)),
  }),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 30 })),
  clientExtensionResults: Extensions,
});

/** What @simplewebauthn/browser's startAuthentication() resolves to. */
export const AuthenticationResponse = Type.Object({
  id: Base64Url(1400),
  rawId: Base64Url(1400),
  type: Type.Literal('public-key'),
  response: Type.Object({
    clientDataJSON: Base64Url(8192),
    authenticatorData: Base64Url(8192),
    signature: Base64Url(2048),
    userHandle: Type.Optional(Type.String({ maxLength: 200 })),
  }),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 30 })),
  clientExtensionResults: Extensions,
});

export const PasskeyName = Type.String({ minLength: 1, maxLength: 60 });

const CredentialDescriptor = Type.Object({ id: Type.String(), type: Type.String(), transports: Type.Optional(Type.Array(Type.String())) });

/** The allow-list of option fields sent to the browser for navigator.credentials.create(). */
export const RegistrationOptions = Type.Object({
  challenge: Type.String(),
  rp: Type.Object({ name: Type.String(), id: Type.Optional(Type.String()) }),
  user: Type.Object({ id: Type.String(), name: Type.String(), displayName: Type.String() }),
  pubKeyCredParams: Type.Array(Type.Object({ alg: Type.Integer(), type: Type.String() })),
  timeout: Type.Optional(Type.Integer()),
  attestation: Type.Optional(Type.String()),
  excludeCredentials: Type.Optional(Type.Array(CredentialDescriptor)),
  authenticatorSelection: Type.Optional(
    Type.Object({
      authenticatorAttachment: Type.Optional(Type.String()),
      residentKey: Type.Optional(Type.String()),
      requireResidentKey: Type.Optional(Type.Boolean()),
      userVerification: Type.Optional(Type.String()),
    }),
  ),
  extensions: Type.Optional(Type.Object({ credProps: Type.Optional(Type.Boolean()) })),
  hints: Type.Optional(Type.Array(Type.String())),
});

/** The allow-list of option fields sent to the browser for navigator.credentials.get(). */
export const AuthenticationOptions = Type.Object({
  challenge: Type.String(),
  rpId: Type.Optional(Type.String()),
  timeout: Type.Optional(Type.Integer()),
  allowCredentials: Type.Optional(Type.Array(CredentialDescriptor)),
  userVerification: Type.Optional(Type.String()),
});

export const PasskeySummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  /** Suspended by a password reset: it signs nothing in until its owner confirms it. */
  suspendedAt: Type.Union([Type.String(), Type.Null()]),
});
export type PasskeySummary = Static<typeof PasskeySummary>;

export interface CeremonyFailure {
  ok: false;
  /** i18n key */
  error: string;
}

const failure = (error: string): CeremonyFailure => ({ ok: false, error });

// ---- helpers -------------------------------------------------------------------------------


function transportsOf(stored: string | null): AuthenticatorTransportFuture[] {
  if (!stored) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? (parsed.filter((x) => typeof x === 'string' && KNOWN_TRANSPORTS.includes(x)) as AuthenticatorTransportFuture[]) : [];
  } catch {
    return [];
  }
}

function descriptor(row: Pick<PasskeysTable, 'credential_id' | 'transports'>) {
  return { id: row.credential_id, transports: transportsOf(row.transports) };
}

function toSummary(row: Pick<PasskeysTable, 'id' | 'name' | 'created_at' | 'last_used_at' | 'suspended_at'>): PasskeySummary {
  return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at, suspendedAt: row.suspended_at };
}

async function storeChallenge(
  ctx: ActionContext,
  purpose: WebauthnChallengePurpose,
  challenge: string,
  binding: { userId?: string; sessionId?: string },
): Promise<void> {
  const now = ctx.clock.now();
  // Abandoned ceremonies leave rows behind; every new one sweeps the expired ones.
  await accountsDb(ctx.db).deleteFrom('webauthn_challenges').where('expires_at', '<=', now.toISOString()).execute();
  await accountsDb(ctx.db)
    .insertInto('webauthn_challenges')
    .values({
      id: newId(),
      challenge,
      purpose,
      user_id: binding.userId ?? null,
      session_id: binding.sessionId ?? null,
      expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString(),
      created_at: now.toISOString(),
    })
    .execute();
}

/**
 * Reads the challenge the authenticator signed and deletes its row. Returns it only when the row
 * existed for this purpose and binding and had not expired: a second use finds no row.
 */
async function consumeChallenge(
  ctx: ActionContext,
  purpose: WebauthnChallengePurpose,
  clientDataJSON: string,
  binding: { userId?: string; sessionId?: string },
): Promise<string | null> {
  let challenge: string;
  try {
    challenge = decodeClientDataJSON(clientDataJSON).challenge;
  } catch {
    return null;
  }
  if (typeof challenge !== 'string' || challenge.length === 0 || challenge.length > 200) return null;
  let query = accountsDb(ctx.db)
    .deleteFrom('webauthn_challenges')
    .where('challenge', '=', challenge)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', ctx.clock.now().toISOString());
  if (binding.userId) query = query.where('user_id', '=', binding.userId);
  if (binding.sessionId) query = query.where('session_id', '=', binding.sessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows) === 1 ? challenge : null;
}

/** The signature counter must grow, unless the authenticator does not keep one (always 0). */
function counterOf(response: AuthenticationResponseJSON): number | null {
  try {
    return parseAuthenticatorData(isoBase64URL.toBuffer(response.response.authenticatorData)).counter;
  } catch {
    return null;
  }
}

const counterRegressed = (received: number, stored: number) => (received > 0 || stored > 0) && received <= stored;

interface VerifiedAssertion {
  passkey: PasskeysTable;
  newCounter: number;
}

/**
 * Checks an assertion against a stored passkey: counter, origin, rpID, challenge, signature.
 * A counter that did not grow suggests a cloned authenticator, so it is audited.
 */
async function verifyAssertion(
  ctx: ActionContext,
  passkey: PasskeysTable,
  response: AuthenticationResponseJSON,
  challenge: string,
  requireUserVerification: boolean,
): Promise<VerifiedAssertion | CeremonyFailure> {
  const received = counterOf(response);
  if (received === null) return failure('accounts.passkey.failed');
  if (counterRegressed(received, passkey.counter)) {
    await ctx.audit({ action: 'passkey_counter_regression', subjectType: 'user', subjectId: passkey.user_id, data: { passkeyId: passkey.id, stored: passkey.counter, received } });
    return failure('accounts.passkey.counter');
  }
  const { rpID, origin } = relyingParty(ctx.config);
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification,
      credential: { id: passkey.credential_id, publicKey: isoBase64URL.toBuffer(passkey.public_key), counter: passkey.counter, transports: transportsOf(passkey.transports) },
    });
    if (!result.verified) return failure('accounts.passkey.failed');
    const now = ctx.clock.now().toISOString();
    // Guarded by the counter read above, so two concurrent uses cannot both move it.
    const updated = await accountsDb(ctx.db)
      .updateTable('passkeys')
      .set({ counter: result.authenticationInfo.newCounter, last_used_at: now })
      .where('id', '=', passkey.id)
      .where('counter', '=', passkey.counter)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return failure('accounts.passkey.failed');
    return { passkey, newCounter: result.authenticationInfo.newCounter };
  } catch (error) {
    ctx.services.logger.info({ err: error, passkeyId: passkey.id }, 'passkey assertion refused');
    return failure('accounts.passkey.failed');
  }
}

async function findPendingSession(ctx: ActionContext, token: string) {
  const row = await accountsDb(ctx.db)
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.user_id', 'sessions.created_at', 'sessions.expires_at', 'sessions.revoked_at', 'sessions.mfa_pending', 'users.deleted_at'])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  const now = ctx.clock.now();
  if (!row || row.mfa_pending !== 1 || row.revoked_at || row.deleted_at || new Date(row.expires_at) <= now) {
    throw new AppError('UNAUTHENTICATED', 'accounts.passkey.no_pending');
  }
  if (now.getTime() - new Date(row.created_at).getTime() > PENDING_SESSION_TTL_MS) {
    throw new AppError('UNAUTHENTICATED', 'accounts.passkey.pending_expired');
  }
  return row;
}

// ---- registration --------------------------------------------------------------------------

export const passkeyRegistrationOptions = defineAction({
  name: 'passkey_registration_options',
  description: 'Starts adding a passkey to the signed-in account: options for navigator.credentials.create().',
  input: Type.Object({}),
  caller: signedInBySession,
  async run(ctx) {
    const userId = ctx.actor!.userId;
    const user = await accountsDb(ctx.db).selectFrom('users').select(['id', 'email', 'name', 'nickname']).where('id', '=', userId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!user) throw new AppError('NOT_FOUND', 'error.not_found');
    const existing = await accountsDb(ctx.db).selectFrom('passkeys').select(['credential_id', 'transports']).where('user_id', '=', userId).execute();
    const { rpID } = relyingParty(ctx.config);
    const options = await generateRegistrationOptions({
      rpName: t(ctx.request.locale, 'site.name'),
      rpID,
      userName: user.email,
      userDisplayName: displayName(user),
      // The user handle is the opaque account id (never the email), so sign-in can cross-check it.
      userID: isoUint8Array.fromUTF8String(user.id),
      timeout: CEREMONY_TIMEOUT_MS,
      attestationType: 'none',
      excludeCredentials: existing.map(descriptor),
      // Discoverable credentials are what make passwordless sign-in work.
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });
    await storeChallenge(ctx, 'register', options.challenge, { userId });
    return options;
  },
});

export const passkeyRegister = defineAction({
  name: 'passkey_register',
  description: 'Verifies a new passkey created by the browser and saves it under the given name.',
  input: Type.Object({ name: PasskeyName, response: RegistrationResponse }),
  caller: signedInBySession,
  async run(ctx, input): Promise<{ ok: true; passkey: PasskeySummary } | CeremonyFailure> {
    const userId = ctx.actor!.userId;
    const name = input.name.trim();
    if (!name) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'name', message: 'validation.required' }]);
    const response = input.response as RegistrationResponseJSON;
    const challenge = await consumeChallenge(ctx, 'register', response.response.clientDataJSON, { userId });
    if (!challenge) return failure('accounts.passkey.challenge');
    const { rpID, origin } = relyingParty(ctx.config);
    let credential;
    try {
      const result = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: false });
      if (!result.verified) return failure('accounts.passkey.failed');
      credential = result.registrationInfo.credential;
    } catch (error) {
      ctx.services.logger.info({ err: error }, 'passkey registration refused');
      return failure('accounts.passkey.failed');
    }
    const taken = await accountsDb(ctx.db).selectFrom('passkeys').select('id').where('credential_id', '=', credential.id).executeTakeFirst();
    if (taken) return failure('accounts.passkey.already_registered');
    const now = ctx.clock.now().toISOString();
    const row = {
      id: newId(),
      user_id: userId,
      credential_id: credential.id,
      public_key: isoBase64URL.fromBuffer(credential.publicKey),
      counter: credential.counter,
      transports: JSON.stringify((response.response.transports ?? []).filter((x) => KNOWN_TRANSPORTS.includes(x))),
      name,
      created_at: now,
      last_used_at: null,
      suspended_at: null,
    };
    await accountsDb(ctx.db).insertInto('passkeys').values(row).execute();
    await ctx.audit({ action: 'passkey_register', subjectType: 'user', subjectId: userId, data: { passkeyId: row.id, name } });
    return { ok: true, passkey: toSummary(row) };
  },
});

export const passkeyList = defineAction({
  name: 'passkey_list',
  description: "The signed-in user's passkeys.",
  input: Type.Object({}),
  sideEffectFree: true,
  caller: signedIn,
  async run(ctx): Promise<PasskeySummary[]> {
    const rows = await accountsDb(ctx.db)
      .selectFrom('passkeys')
      .select(['id', 'name', 'created_at', 'last_used_at', 'suspended_at'])
      .where('user_id', '=', ctx.actor!.userId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(toSummary);
  },
});

export const passkeyDelete = defineAction({
  name: 'passkey_delete',
  description: 'Removes one of the signed-in user’s own passkeys.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
  caller: signedInBySession,
  async load(ctx, input) {
    const row = await accountsDb(ctx.db).selectFrom('passkeys').select(['id', 'name', 'user_id']).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'accounts.passkey.not_found');
    return row;
  },
  // Someone else's passkey is "not found" too, so ids of other accounts' keys cannot be probed.
  policy: (ctx, _input, row) => ownsRecord(ctx.actor, row, 'accounts.passkey.not_found'),
  async run(ctx, _input, row) {
    await accountsDb(ctx.db).deleteFrom('passkeys').where('id', '=', row.id).execute();
    await ctx.audit({ action: 'passkey_delete', subjectType: 'user', subjectId: row.user_id, data: { passkeyId: row.id, name: row.name } });
    return { ok: true as const, name: row.name };
  },
});

/** Keeps a passkey that a password reset suspended: its owner, signed in with the new password, vouches for it. */
export const passkeyConfirm = defineAction({
  name: 'passkey_confirm',
  description: 'Confirms one of the signed-in user’s passkeys that a password reset suspended, so it signs in again.',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
  caller: signedInBySession,
  async load(ctx, input) {
    const row = await accountsDb(ctx.db).selectFrom('passkeys').select(['id', 'name', 'user_id', 'suspended_at']).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'accounts.passkey.not_found');
    return row;
  },
  policy: (ctx, _input, row) => ownsRecord(ctx.actor, row, 'accounts.passkey.not_found'),
  async run(ctx, _input, row) {
    if (row.suspended_at) {
      await accountsDb(ctx.db).updateTable('passkeys').set({ suspended_at: null }).where('id', '=', row.id).execute();
      await ctx.audit({ action: 'passkey_confirm', subjectType: 'user', subjectId: row.user_id, data: { passkeyId: row.id, name: row.name } });
    }
    return { ok: true as const, name: row.name };
  },
});

// ---- passwordless sign-in ------------------------------------------------------------------

export const passkeyLoginOptions = defineAction({
  name: 'passkey_login_options',
  description: 'Starts a passwordless sign-in: options for navigator.credentials.get() with discoverable credentials.',
  input: Type.Object({}),
  caller: anyone,
  async run(ctx) {
    const { rpID } = relyingParty(ctx.config);
    // No allowCredentials: the authenticator offers whichever passkeys it holds for this site.
    const options = await generateAuthenticationOptions({ rpID, timeout: CEREMONY_TIMEOUT_MS, userVerification: 'required' });
    await storeChallenge(ctx, 'login', options.challenge, {});
    return options;
  },
});

export const passkeyLogin = defineAction({
  name: 'passkey_login',
  description: 'Verifies a passkey assertion and opens a session without a password.',
  input: Type.Object({ response: AuthenticationResponse }),
  caller: anyone,
  async run(ctx, input): Promise<{ ok: true; session: NewSession; userId: string } | CeremonyFailure> {
    const response = input.response as AuthenticationResponseJSON;
    const challenge = await consumeChallenge(ctx, 'login', response.response.clientDataJSON, {});
    if (!challenge) return failure('accounts.passkey.challenge');
    const passkey = await accountsDb(ctx.db)
      .selectFrom('passkeys')
      .innerJoin('users', 'users.id', 'passkeys.user_id')
      .selectAll('passkeys')
      .where('passkeys.credential_id', '=', response.id)
      .where('users.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!passkey) return failure('accounts.passkey.unknown');
    if (passkey.suspended_at) return failure('accounts.passkey.suspended');
    const { userHandle } = response.response;
    if (userHandle && userHandle !== isoBase64URL.fromUTF8String(passkey.user_id)) return failure('accounts.passkey.unknown');
    const verified = await verifyAssertion(ctx, passkey, response, challenge, true);
    if ('ok' in verified) return verified;
    const session = await createSession(ctx, passkey.user_id, false, 'hwk user');
    await ctx.audit({ action: 'passkey_sign_in', subjectType: 'user', subjectId: passkey.user_id, data: { passkeyId: passkey.id, sessionId: session.sessionId } });
    return { ok: true, session, userId: passkey.user_id };
  },
});

// ---- second factor -------------------------------------------------------------------------

export const passkeySecondFactorOptions = defineAction({
  name: 'passkey_second_factor_options',
  description: 'For a session opened by a password that still owes a passkey: options for navigator.credentials.get().',
  input: Type.Object({ sessionToken: Type.String({ minLength: 1, maxLength: 200 }) }),
  caller: anyone,
  async run(ctx, input) {
    const session = await findPendingSession(ctx, input.sessionToken);
    const keys = await accountsDb(ctx.db).selectFrom('passkeys').select(['credential_id', 'transports']).where('user_id', '=', session.user_id).where('suspended_at', 'is', null).execute();
    if (keys.length === 0) throw new AppError('NOT_FOUND', 'accounts.passkey.none');
    const { rpID } = relyingParty(ctx.config);
    // The password was the first factor; the passkey only has to prove possession.
    const options = await generateAuthenticationOptions({ rpID, timeout: CEREMONY_TIMEOUT_MS, userVerification: 'discouraged', allowCredentials: keys.map(descriptor) });
    await storeChallenge(ctx, 'second_factor', options.challenge, { sessionId: session.id });
    return options;
  },
});

export const passkeySecondFactor = defineAction({
  name: 'passkey_second_factor',
  description: 'Verifies the passkey a pending session owes; the session is then signed in under a fresh token.',
  input: Type.Object({ sessionToken: Type.String({ minLength: 1, maxLength: 200 }), response: AuthenticationResponse }),
  caller: anyone,
  async run(ctx, input): Promise<{ ok: true; session: NewSession; userId: string } | CeremonyFailure> {
    const session = await findPendingSession(ctx, input.sessionToken);
    const response = input.response as AuthenticationResponseJSON;
    const challenge = await consumeChallenge(ctx, 'second_factor', response.response.clientDataJSON, { sessionId: session.id });
    if (!challenge) return failure('accounts.passkey.challenge');
    const passkey = await accountsDb(ctx.db).selectFrom('passkeys').selectAll().where('credential_id', '=', response.id).where('user_id', '=', session.user_id).executeTakeFirst();
    if (!passkey) return failure('accounts.passkey.unknown');
    if (passkey.suspended_at) return failure('accounts.passkey.suspended');
    const verified = await verifyAssertion(ctx, passkey, response, challenge, false);
    if ('ok' in verified) return verified;
    // A new token on sign-in, so a token seen before the second factor is worth nothing after it.
    const token = randomToken();
    const now = ctx.clock.now().toISOString();
    const updated = await accountsDb(ctx.db)
      .updateTable('sessions')
      .set({ token_hash: hashToken(token), mfa_pending: 0, last_seen_at: now, sign_in_methods: 'pwd hwk mfa' })
      .where('id', '=', session.id)
      .where('mfa_pending', '=', 1)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('UNAUTHENTICATED', 'accounts.passkey.no_pending');
    await ctx.audit({ action: 'passkey_second_factor', subjectType: 'user', subjectId: session.user_id, data: { passkeyId: passkey.id, sessionId: session.id } });
    return { ok: true, session: { sessionId: session.id, token, expiresAt: session.expires_at, mfaPending: false }, userId: session.user_id };
  },
});

export const passkeyActions = [
  passkeyRegistrationOptions,
  passkeyRegister,
  passkeyList,
  passkeyDelete,
  passkeyConfirm,
  passkeyLoginOptions,
  passkeyLogin,
  passkeySecondFactorOptions,
  passkeySecondFactor,
];
