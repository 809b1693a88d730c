// Building and reading X.509 certificates, CRLs and PKCS#12 files with PKI.js (Node's crypto verifies
// certificates but cannot issue them). Only what the test CA and the listener need.
import { createHash, webcrypto, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto });
pkijs.setEngine('node', engine);

export const OID = {
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  // RFC 3739 personal data attributes, in the subject directory attributes extension.
  countryOfCitizenship: '1.3.6.1.5.5.7.9.4',
  countryOfResidence: '1.3.6.1.5.5.7.9.5',
  subjectDirectoryAttributes: '2.5.29.9',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  emailProtection: '1.3.6.1.5.5.7.3.4',
} as const;

/** Key usage bits, RFC 5280 4.2.1.3, as the bit number. */
export const KeyUsage = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

/** A copy as a plain Uint8Array (WebCrypto's types refuse a Buffer that may sit on shared memory). */
const bytes = (b: Buffer) => new Uint8Array(b);

type EncryptionAlgorithm = Parameters<pkijs.PKCS8ShroudedKeyBag['makeInternalValues']>[0]['contentEncryptionAlgorithm'];

const SIGNING = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const HASH = 'SHA-256';

export type KeyPair = CryptoKeyPair;

export const newKeyPair = (): Promise<KeyPair> => webcrypto.subtle.generateKey(SIGNING, true, ['sign', 'verify']) as Promise<KeyPair>;

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', key));
}

export async function importPrivateKeyPem(text: string): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', fromPem(text), SIGNING, true, ['sign']);
}

export function pem(label: string, der: ArrayBuffer | Uint8Array): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

/** The DER of the first PEM block in `text` (or `text` itself when it is DER). */
export function fromPem(text: string | Buffer): ArrayBuffer {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  const match = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(s);
  const bytes = match ? Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64') : Buffer.from(s, 'latin1');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Every PEM block with `label` in `text`, as DER. */
export function pemBlocks(text: string, label: string): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

export interface NameParts {
  commonName: string;
  serialNumber?: string;
  organization?: string;
  country?: string;
}

function name(parts: NameParts): pkijs.RelativeDistinguishedNames {
  const attributes: pkijs.AttributeTypeAndValue[] = [];
  const add = (type: string, value: asn1js.BaseStringBlock) => attributes.push(new pkijs.AttributeTypeAndValue({ type, value }));
  if (parts.country) add(OID.country, new asn1js.PrintableString({ value: parts.country }));
  if (parts.organization) add(OID.organization, new asn1js.Utf8String({ value: parts.organization }));
  add(OID.commonName, new asn1js.Utf8String({ value: parts.commonName }));
  if (parts.serialNumber) add(OID.serialNumber, new asn1js.PrintableString({ value: parts.serialNumber }));
  // One attribute per RDN (PKI.js would put them all in one multi-valued RDN).
  const der = new asn1js.Sequence({ value: attributes.map((a) => new asn1js.Set({ value: [a.toSchema()] })) }).toBER(false);
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(der).result });
}

function keyUsageBits(bits: number[]): asn1js.BitString {
  let value = 0;
  for (const b of bits) value |= 0x80 >> b;
  // DER: the trailing zero bits are not part of the string.
  let unused = 0;
  while (value !== 0 && unused < 7 && !(value & (1 << unused))) unused++;
  return new asn1js.BitString({ unusedBits: unused, valueHex: new Uint8Array([value]).buffer });
}

const extension = (extnID: string, critical: boolean, value: { toSchema(): asn1js.AsnType } | asn1js.AsnType) =>
  new pkijs.Extension({ extnID, critical, extnValue: ('toSchema' in value ? value.toSchema() : value).toBER(false) });

async function keyId(publicKey: CryptoKey): Promise<ArrayBuffer> {
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', publicKey));
  const info = pkijs.PublicKeyInfo.fromBER(spki);
  const digest = createHash('sha1').update(Buffer.from(info.subjectPublicKey.valueBlock.valueHexView)).digest();
  return new Uint8Array(digest).buffer;
}

export interface CertificateSpec {
  subject: NameParts;
  /** The signer: its name and key (the subject's own for a self-signed CA). */
  issuer: { name: NameParts; key: CryptoKey; publicKey: CryptoKey };
  publicKey: CryptoKey;
  serial: Buffer;
  notBefore: Date;
  notAfter: Date;
  ca?: boolean;
  keyUsage: number[];
  extKeyUsage?: string[];
  /** DNS names (a server certificate). */
  dnsNames?: string[];
  /** RFC 3739 attributes: two-letter country codes. */
  citizenship?: string;
  residence?: string;
}

export async function issueCertificate(spec: CertificateSpec): Promise<Buffer> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: new Uint8Array(spec.serial).buffer });
  cert.issuer = name(spec.issuer.name);
  cert.subject = name(spec.subject);
  cert.notBefore.value = spec.notBefore;
  cert.notAfter.value = spec.notAfter;
  await cert.subjectPublicKeyInfo.importKey(spec.publicKey, engine);
  const extensions: pkijs.Extension[] = [
    extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: !!spec.ca })),
    extension(OID.keyUsage, true, keyUsageBits(spec.keyUsage)),
    extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: await keyId(spec.publicKey) })),
    extension(OID.authorityKeyIdentifier, false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: await keyId(spec.issuer.publicKey) }) })),
  ];
  if (spec.extKeyUsage) extensions.push(extension(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: spec.extKeyUsage })));
  if (spec.dnsNames) {
    const names = spec.dnsNames.map((value) => new pkijs.GeneralName({ type: 2, value }));
    extensions.push(extension(OID.subjectAltName, false, new pkijs.GeneralNames({ names })));
  }
  const personal: pkijs.Attribute[] = [];
  if (spec.citizenship) personal.push(new pkijs.Attribute({ type: OID.countryOfCitizenship, values: [new asn1js.PrintableString({ value: spec.citizenship })] }));
  if (spec.residence) personal.push(new pkijs.Attribute({ type: OID.countryOfResidence, values: [new asn1js.PrintableString({ value: spec.residence })] }));
  if (personal.length > 0) extensions.push(extension(OID.subjectDirectoryAttributes, false, new pkijs.SubjectDirectoryAttributes({ attributes: personal })));
  cert.extensions = extensions;
  await cert.sign(spec.issuer.key, HASH, engine);
  return Buffer.from(cert.toSchema(true).toBER(false));
}

export interface RevokedEntry {
  serial: string;
  revokedAt: Date;
}

export async function issueCrl(spec: { issuerCert: Buffer; key: CryptoKey; number: number; thisUpdate: Date; nextUpdate: Date; revoked: RevokedEntry[] }): Promise<Buffer> {
  const issuer = pkijs.Certificate.fromBER(bytes(spec.issuerCert));
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = issuer.subject;
  crl.thisUpdate = new pkijs.Time({ type: 0, value: spec.thisUpdate });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: spec.nextUpdate });
  if (spec.revoked.length > 0) {
    crl.revokedCertificates = spec.revoked.map(
      (r) => new pkijs.RevokedCertificate({ userCertificate: new asn1js.Integer({ valueHex: new Uint8Array(serialBytes(r.serial)).buffer }), revocationDate: new pkijs.Time({ type: 0, value: r.revokedAt }) }),
    );
  }
  const ski = issuer.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
  crl.crlExtensions = new pkijs.Extensions({
    extensions: [
      extension(OID.crlNumber, false, new asn1js.Integer({ value: spec.number })),
      ...(ski ? [extension(OID.authorityKeyIdentifier, false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: asn1js.fromBER(ski.extnValue.valueBlock.valueHexView).result as asn1js.OctetString }))] : []),
    ],
  });
  await crl.sign(spec.key, HASH, engine);
  return Buffer.from(crl.toSchema(true).toBER(false));
}

export interface ParsedCrl {
  issuer: string;
  thisUpdate: Date;
  nextUpdate: Date | null;
  revokedSerials: string[];
}

/** Reads a CRL and checks its signature against the CA certificate; undefined when it was not signed by it. */
export async function verifiedCrl(der: Buffer, caCert: Buffer): Promise<ParsedCrl | undefined> {
  let crl: pkijs.CertificateRevocationList;
  try {
    crl = pkijs.CertificateRevocationList.fromBER(bytes(der));
  } catch {
    return undefined;
  }
  const ca = pkijs.Certificate.fromBER(bytes(caCert));
  if (!crl.issuer.isEqual(ca.subject)) return undefined;
  const ok = await crl.verify({ issuerCertificate: ca }, engine).catch(() => false);
  if (!ok) return undefined;
  return {
    issuer: new X509Certificate(caCert).subject,
    thisUpdate: crl.thisUpdate.value,
    nextUpdate: crl.nextUpdate?.value ?? null,
    revokedSerials: (crl.revokedCertificates ?? []).map((r) => normalSerial(Buffer.from(r.userCertificate.valueBlock.valueHexView).toString('hex'))),
  };
}

/**
 * A serial in that form as the bytes of a positive DER INTEGER. The form can have an odd number of
 * digits (`5AB`), which Buffer's hex decoding would cut short, and a first byte of 0x80 or more needs
 * a zero byte before it to stay positive.
 */
export function serialBytes(hex: string): Buffer {
  const digits = hex.length % 2 === 1 ? `0${hex}` : hex;
  const bytes = Buffer.from(digits, 'hex');
  return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/** Serial numbers compared as upper-case hex without leading zeros (Node's X509Certificate form). */
export const normalSerial = (hex: string) => hex.toUpperCase().replace(/^0+(?=.)/, '');

export interface CertificateFacts {
  /** The subject's serial-number attribute (the national id). */
  serialNumberAttribute: string | null;
  commonName: string | null;
  citizenship: string | null;
  residence: string | null;
  /** Key usage bit numbers set, or null when the extension is absent. */
  keyUsage: number[] | null;
  extKeyUsage: string[] | null;
}

/** What the listener reads from a client certificate beyond what Node's X509Certificate shows. */
export function certificateFacts(der: Buffer): CertificateFacts {
  const cert = pkijs.Certificate.fromBER(bytes(der));
  const attr = (type: string) => {
    const found = cert.subject.typesAndValues.find((tv) => tv.type === type);
    return found ? String(found.value.valueBlock.value) : null;
  };
  const ext = (id: string) => cert.extensions?.find((e) => e.extnID === id);
  let keyUsage: number[] | null = null;
  const ku = ext(OID.keyUsage);
  if (ku) {
    const bits = (asn1js.fromBER(ku.extnValue.valueBlock.valueHexView).result as asn1js.BitString).valueBlock.valueHexView;
    keyUsage = [];
    for (let b = 0; b < bits.length * 8; b++) if (bits[b >> 3]! & (0x80 >> (b & 7))) keyUsage.push(b);
  }
  const eku = ext(OID.extKeyUsage);
  const extKeyUsage = eku ? new pkijs.ExtKeyUsage({ schema: asn1js.fromBER(eku.extnValue.valueBlock.valueHexView).result }).keyPurposes : null;
  let citizenship: string | null = null;
  let residence: string | null = null;
  const sda = ext(OID.subjectDirectoryAttributes);
  if (sda) {
    const attributes = new pkijs.SubjectDirectoryAttributes({ schema: asn1js.fromBER(sda.extnValue.valueBlock.valueHexView).result }).attributes;
    const value = (type: string) => {
      const v = attributes.find((a) => a.type === type)?.values[0] as asn1js.PrintableString | undefined;
      return v ? v.valueBlock.value : null;
    };
    citizenship = value(OID.countryOfCitizenship);
    residence = value(OID.countryOfResidence);
  }
  return { serialNumberAttribute: attr(OID.serialNumber), commonName: attr(OID.commonName), citizenship, residence, keyUsage, extKeyUsage };
}

/** A PKCS#12 file (key and certificate chain) for a browser or Playwright, AES-256 under `password`. */
export async function pkcs12(key: CryptoKey, chain: Buffer[], password: string): Promise<Buffer> {
  // PKI.js turns the password into the BMPString the MAC key is derived from (RFC 7292 B.1).
  const utf8 = new Uint8Array(Buffer.from(password, 'utf8')).buffer;
  const localKeyId = new pkijs.Attribute({ type: '1.2.840.113549.1.9.21', values: [new asn1js.OctetString({ valueHex: createHash('sha1').update(chain[0]!).digest().buffer as ArrayBuffer })] });
  const keyInfo = pkijs.PrivateKeyInfo.fromBER(await webcrypto.subtle.exportKey('pkcs8', key));
  const encryption = { password: utf8, contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as unknown as EncryptionAlgorithm, hmacHashAlgorithm: HASH, iterationCount: 10_000 };
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: keyInfo });
  await keyBag.makeInternalValues(encryption, engine);
  const certBags = chain.map(
    (der, i) =>
      new pkijs.SafeBag({ bagId: '1.2.840.113549.1.12.10.1.3', bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(bytes(der)) }), ...(i === 0 && { bagAttributes: [localKeyId] }) }),
  );
  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: '1.2.840.113549.1.12.10.1.2', bagValue: keyBag, bagAttributes: [localKeyId] })] }) },
            { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certBags }) },
          ],
        },
      }),
    },
  });
  await pfx.parsedValue!.authenticatedSafe!.makeInternalValues({ safeContents: [{}, encryption] }, engine);
  await pfx.makeInternalValues({ password: utf8, iterations: 10_000, pbkdf2HashAlgorithm: { name: HASH }, hmacHashAlgorithm: HASH }, engine);
  return Buffer.from(pfx.toSchema().toBER(false));
}
