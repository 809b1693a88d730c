// What certificate sign-in trusts: the configured CA certificates, and each CA's latest CRL. A job
// fetches the CRLs (files or http(s) URLs), keeps only those the CA signed, and stores them in the
// database, so every process checks against the same list; each process reads them through the
// `identity.crls` cache, which the job invalidates when a CRL changed.
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { Services } from '../../../core/action.js';
import type { CertificateSignInConfig } from '../../../core/config.js';
import type { AnyDb } from '../../../core/db/types.js';
import { identityDb } from '../tables.js';
import { fromPem, pemBlocks, verifiedCrl } from './x509.js';

export interface TrustedCa {
  cert: X509Certificate;
  pem: string;
}

/** The configured CA certificates (every CERTIFICATE block of every file). */
export function trustedCas(config: CertificateSignInConfig): TrustedCa[] {
  return config.caFiles.flatMap((file) =>
    pemBlocks(readFileSync(file, 'utf8'), 'CERTIFICATE').map((der) => {
      const cert = new X509Certificate(der);
      return { cert, pem: cert.toString() };
    }),
  );
}

async function readSource(source: string): Promise<Buffer> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`${source}: HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }
  return readFileSync(source);
}

/**
 * Fetches every CRL source and stores each one that a trusted CA signed and that is newer than the
 * stored one. Returns how many changed (the caller invalidates the cache then). A source that fails
 * is reported and skipped: the stored CRL stays until its next update passes.
 */
export async function refreshCrls(db: AnyDb, config: CertificateSignInConfig, now: Date, onError: (source: string, error: unknown) => void): Promise<number> {
  const cas = trustedCas(config);
  let changed = 0;
  for (const source of config.crlSources) {
    let der: Buffer;
    try {
      const raw = await readSource(source);
      der = raw.includes('-----BEGIN') ? Buffer.from(fromPem(raw.toString('latin1'))) : raw;
    } catch (error) {
      onError(source, error);
      continue;
    }
    let stored = false;
    for (const ca of cas) {
      const crl = await verifiedCrl(der, Buffer.from(ca.cert.raw));
      if (!crl) continue;
      stored = true;
      const row = {
        ca_fingerprint: ca.cert.fingerprint256,
        crl: der.toString('base64'),
        this_update: crl.thisUpdate.toISOString(),
        next_update: crl.nextUpdate?.toISOString() ?? null,
        fetched_at: now.toISOString(),
      };
      const result = await identityDb(db)
        .insertInto('identity_certificate_crls')
        .values(row)
        .onConflict((oc) => oc.column('ca_fingerprint').doUpdateSet(row).where('identity_certificate_crls.this_update', '<', row.this_update))
        .executeTakeFirst();
      changed += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    if (!stored) onError(source, new Error('not a CRL signed by a configured CA'));
  }
  return changed;
}

export interface RevocationList {
  revoked: Set<string>;
  nextUpdate: Date | null;
}

/** Each CA's revoked serials, by the CA's fingerprint. */
export type RevocationState = Map<string, RevocationList>;

export async function loadRevocationState(db: AnyDb, cas: TrustedCa[]): Promise<RevocationState> {
  const rows = await identityDb(db).selectFrom('identity_certificate_crls').selectAll().execute();
  const state: RevocationState = new Map();
  for (const row of rows) {
    const ca = cas.find((c) => c.cert.fingerprint256 === row.ca_fingerprint);
    if (!ca) continue;
    const crl = await verifiedCrl(Buffer.from(row.crl, 'base64'), Buffer.from(ca.cert.raw));
    if (crl) state.set(row.ca_fingerprint, { revoked: new Set(crl.revokedSerials), nextUpdate: crl.nextUpdate });
  }
  return state;
}

export const CRL_CACHE = 'identity.crls';

/** The revocation state through the shared cache (a minute at most; the refresh job invalidates it). */
export function cachedRevocationState(services: Pick<Services, 'db' | 'cache'>, cas: TrustedCa[]): Promise<RevocationState> {
  return services.cache.named<RevocationState>(CRL_CACHE, { ttlMs: 60_000, maxEntries: 1 }).getOrLoad('all', () => loadRevocationState(services.db, cas));
}

/** The job body: refresh, and tell every process when something changed. */
export async function refreshCrlsJob(services: Services): Promise<void> {
  const config = services.config.identityCertificates;
  const changed = await refreshCrls(services.db, config, services.clock.now(), (source, error) => services.logger.warn({ source, err: error }, 'CRL refresh failed'));
  if (changed > 0) await services.cache.named(CRL_CACHE, { ttlMs: 60_000, maxEntries: 1 }).invalidate();
}
