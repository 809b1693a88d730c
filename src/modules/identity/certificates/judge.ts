// Judges the client certificate of a TLS connection: OpenSSL has already checked the chain against
// the configured CAs and the validity dates (`authorizationError`); here that verdict gets a reason a
// person can read, and the checks OpenSSL does not make are added: the CA's CRL (refused when the CRL
// is missing or past its next update), key usage and extended key usage for client authentication,
// and a national id in the subject.
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { Nationality } from '../../accounts/published.js';
import type { RevocationState, TrustedCa } from './trust.js';
import { certificateFacts, KeyUsage, normalSerial, OID } from './x509.js';

export const failureReasons = ['no_certificate', 'expired', 'not_yet_valid', 'revoked', 'unknown_ca', 'broken_chain', 'wrong_usage', 'crl_unavailable', 'no_identity'] as const;
export type FailureReason = (typeof failureReasons)[number];

export interface CertifiedPerson {
  nationalId: string;
  nationality: Nationality;
  residence: string | null;
  serial: string;
  issuer: string;
}

export type Judgement = { ok: true; person: CertifiedPerson } | { ok: false; reason: FailureReason };

/** OpenSSL's verification errors (Node's `authorizationError` codes) as reasons. */
export function reasonOfTlsError(code: string): FailureReason {
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return 'expired';
    case 'CERT_NOT_YET_VALID':
      return 'not_yet_valid';
    case 'CERT_REVOKED':
      return 'revoked';
    case 'INVALID_PURPOSE':
      return 'wrong_usage';
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'unknown_ca';
    default:
      // A signature that does not verify, a missing intermediate, a CA that may not sign: the chain is broken.
      return 'broken_chain';
  }
}

/** The platform's values from the certificate's RFC 3739 attributes (decisions.md). */
export function nationalityOf(citizenship: string | null, residence: string | null): Nationality {
  if (citizenship === 'TW') return 'roc';
  if (residence === 'TW') return 'residence_permit';
  return 'other';
}

export function judgeCertificate(socket: TLSSocket, cas: TrustedCa[], revocation: RevocationState, now: Date): Judgement {
  const peer = socket.getPeerCertificate(true);
  if (!peer || !peer.raw) return { ok: false, reason: 'no_certificate' };
  if (!socket.authorized) return { ok: false, reason: reasonOfTlsError(String(socket.authorizationError ?? '')) };

  const leaf = new X509Certificate(peer.raw);
  const ca = cas.find((c) => leaf.checkIssued(c.cert) && leaf.verify(c.cert.publicKey));
  if (!ca) return { ok: false, reason: 'broken_chain' };
  const crl = revocation.get(ca.cert.fingerprint256);
  if (!crl || (crl.nextUpdate && crl.nextUpdate.getTime() < now.getTime())) return { ok: false, reason: 'crl_unavailable' };
  const serial = normalSerial(leaf.serialNumber);
  if (crl.revoked.has(serial)) return { ok: false, reason: 'revoked' };

  const facts = certificateFacts(Buffer.from(leaf.raw));
  if (facts.keyUsage && !facts.keyUsage.includes(KeyUsage.digitalSignature)) return { ok: false, reason: 'wrong_usage' };
  if (facts.extKeyUsage && !facts.extKeyUsage.includes(OID.clientAuth)) return { ok: false, reason: 'wrong_usage' };
  const nationalId = facts.serialNumberAttribute?.trim();
  if (!nationalId) return { ok: false, reason: 'no_identity' };
  return { ok: true, person: { nationalId, nationality: nationalityOf(facts.citizenship, facts.residence), residence: facts.residence, serial, issuer: ca.cert.subject } };
}
