// The audit log's keys, derived from the platform SECRET (which never enters the database): an HMAC
// key for the record hashes, so someone who can write the database cannot compute a valid hash, and
// an Ed25519 key pair for the checkpoints of the head, whose public half anyone may use to check them.
import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';

export interface AuditKeys {
  /** Names the key generation in every keyed hash (`k1:<hex>`), so a later rotation can tell them apart. */
  version: string;
  macKey: Buffer;
  signingKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as SPKI PEM, as the audit page shows it. */
  publicKeyPem: string;
}

// PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const derive = (secret: string, info: string) => Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), info, 32));

const cache = new Map<string, AuditKeys>();

export function auditKeys(secret: string): AuditKeys {
  let keys = cache.get(secret);
  if (!keys) {
    const signingKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, derive(secret, 'opengov audit checkpoint signing v1')]), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(signingKey);
    keys = { version: 'k1', macKey: derive(secret, 'opengov audit record mac v1'), signingKey, publicKey, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
    cache.set(secret, keys);
  }
  return keys;
}
