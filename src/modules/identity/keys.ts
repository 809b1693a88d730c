// The provider's key material. Signing keys live in the database with their private halves sealed
// (AES-256-GCM) under a key derived from SECRET, so a database copy or a log line never holds a
// usable private key, and every process on one database signs with the same keys. Client secrets
// and pairwise subjects are HMACs under other keys derived from SECRET: neither is stored; so is
// the key a verified person is known by (their national id is never stored).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { AnyDb } from '../../core/db/types.js';
import { identityDb } from './tables.js';

export type SigningAlg = 'ES256' | 'RS256';
export const signingAlgs: readonly SigningAlg[] = ['ES256', 'RS256'];

/** How long a retired key stays published: the longest life of a token it signed (ID tokens) plus leeway. */
export const RETIRED_KEY_PUBLISHED_MS = 3600_000 + 5 * 60_000;

// HKDF costs tens of microseconds and the client secret and pairwise subject need a key on every
// provider request; SECRET does not change while the process runs, so each key is derived once.
const derivedKeys = new Map<string, Buffer>();

function derivedKey(secret: string, purpose: string): Buffer {
  const id = `${purpose}\n${secret}`;
  let key = derivedKeys.get(id);
  if (!key) derivedKeys.set(id, (key = Buffer.from(hkdfSync('sha256', secret, 'opengov.identity', purpose, 32))));
  return key;
}

/** AES-256-GCM under a key derived from SECRET for `purpose` (signing keys; national ids for release). */
export function seal(secret: string, plain: string, purpose = 'signing-key-seal'): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derivedKey(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export function unseal(secret: string, sealed: string, purpose = 'signing-key-seal'): string {
  if (!sealed.startsWith('v1.')) throw new Error('unknown sealed key format');
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', derivedKey(secret, purpose), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** A client's secret: an HMAC of its id and current salt, so the database alone cannot reveal it. */
export function clientSecret(secret: string, clientId: string, salt: string): string {
  return createHmac('sha256', derivedKey(secret, 'client-secret')).update(`${clientId}\n${salt}`).digest('base64url');
}

/** The subject an RP of `sector` sees for a person: the same within a sector, unrelated across sectors. */
export function pairwiseSubject(secret: string, sector: string, userId: string): string {
  return createHmac('sha256', derivedKey(secret, 'pairwise-subject')).update(`${sector}\n${userId}`).digest('base64url');
}

/**
 * The key a verified person is known by (bindings.ts): an HMAC of their national id, normalised
 * (NFKC, no spaces, upper case), so the id itself is never stored and cannot be read back.
 */
export function personKey(secret: string, nationalId: string): string {
  return createHmac('sha256', derivedKey(secret, 'national-id')).update(normalNationalId(nationalId)).digest('base64url');
}

/** The national id sealed for release to the relying parties allowed it (provider.ts), never for lookup. */
export const sealNationalId = (secret: string, nationalId: string) => seal(secret, normalNationalId(nationalId), 'national-id-seal');
export const unsealNationalId = (secret: string, sealed: string) => unseal(secret, sealed, 'national-id-seal');

export function normalNationalId(nationalId: string): string {
  return nationalId.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** Keys for the provider's signed cookies. */
export function cookieKeys(secret: string): string[] {
  return [derivedKey(secret, 'provider-cookies').toString('base64url')];
}

async function newSigningKey(secret: string, alg: SigningAlg, now: Date) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' && { modulusLength: 2048 }) });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  return {
    kid,
    alg,
    public_jwk: JSON.stringify({ ...publicJwk, kid, alg, use: 'sig' }),
    private_jwk_sealed: seal(secret, JSON.stringify(privateJwk)),
    created_at: now.toISOString(),
    retired_at: null,
  };
}

/** Creates a signing key for each algorithm that has no active one (first start). */
export async function ensureSigningKeys(db: AnyDb, secret: string, now: Date): Promise<void> {
  const active = await identityDb(db).selectFrom('identity_signing_keys').select('alg').where('retired_at', 'is', null).execute();
  for (const alg of signingAlgs) {
    if (active.some((k) => k.alg === alg)) continue;
    await identityDb(db).insertInto('identity_signing_keys').values(await newSigningKey(secret, alg, now)).execute();
  }
}

/** Retires the active keys and creates new ones; returns the new key ids. Run inside a transaction. */
export async function rotateSigningKeys(db: AnyDb, secret: string, now: Date): Promise<{ retired: string[]; created: string[] }> {
  const ids = identityDb(db);
  const retired = (await ids.selectFrom('identity_signing_keys').select('kid').where('retired_at', 'is', null).execute()).map((k) => k.kid);
  await ids.updateTable('identity_signing_keys').set({ retired_at: now.toISOString() }).where('retired_at', 'is', null).execute();
  const created: string[] = [];
  for (const alg of signingAlgs) {
    const key = await newSigningKey(secret, alg, now);
    await ids.insertInto('identity_signing_keys').values(key).execute();
    created.push(key.kid);
  }
  await ids.deleteFrom('identity_signing_keys').where('retired_at', '<', new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS).toISOString()).execute();
  return { retired, created };
}

/**
 * The private keys the provider holds, newest active first (the provider signs with the first key of
 * an algorithm), then retired keys still within their publication window (verification only).
 */
export async function providerKeys(db: AnyDb, secret: string, now: Date): Promise<JWK[]> {
  const cutoff = new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS).toISOString();
  const rows = await identityDb(db)
    .selectFrom('identity_signing_keys')
    .select(['private_jwk_sealed', 'retired_at', 'created_at'])
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', cutoff)]))
    .execute();
  rows.sort((a, b) => Number(a.retired_at !== null) - Number(b.retired_at !== null) || b.created_at.localeCompare(a.created_at));
  return rows.map((r) => JSON.parse(unseal(secret, r.private_jwk_sealed)) as JWK);
}
