// The platform's own test certificate authority, for demos and tests (`opengov identity ca ...`): a
// folder holding the CA's key and certificate, its CRL, the list of what it issued, and a server
// certificate for the certificate listener. A real deployment configures the real CA's certificates
// and CRL instead and never runs this.
import { randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromPem, importPrivateKeyPem, issueCertificate, issueCrl, KeyUsage, newKeyPair, normalSerial, OID, pem, pkcs12, privateKeyPem, type NameParts } from './x509.js';

export const caFiles = (dir: string) => ({
  key: path.join(dir, 'ca.key.pem'),
  cert: path.join(dir, 'ca.cert.pem'),
  crl: path.join(dir, 'ca.crl.pem'),
  issued: path.join(dir, 'issued.json'),
  listenerCert: path.join(dir, 'listener.cert.pem'),
  listenerKey: path.join(dir, 'listener.key.pem'),
});

interface IssuedRecord {
  serial: string;
  commonName: string;
  notAfter: string;
  revokedAt: string | null;
}

interface IssuedList {
  crlNumber: number;
  certificates: IssuedRecord[];
}

const DAY = 86_400_000;
/** How long a CRL is valid: the listener refuses certificates of a CA whose CRL has expired. */
export const CRL_VALIDITY_DAYS = 7;

const serial = () => {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f; // positive
  return bytes;
};

async function writeCrl(dir: string, now: Date, list: IssuedList): Promise<void> {
  const files = caFiles(dir);
  const caCert = Buffer.from(fromPem(readFileSync(files.cert, 'utf8')));
  const key = await importPrivateKeyPem(readFileSync(files.key, 'utf8'));
  list.crlNumber += 1;
  const revoked = list.certificates.filter((c) => c.revokedAt).map((c) => ({ serial: c.serial, revokedAt: new Date(c.revokedAt!) }));
  const crl = await issueCrl({ issuerCert: caCert, key, number: list.crlNumber, thisUpdate: now, nextUpdate: new Date(now.getTime() + CRL_VALIDITY_DAYS * DAY), revoked });
  writeFileSync(files.crl, pem('X509 CRL', crl));
  writeFileSync(files.issued, `${JSON.stringify(list, null, 2)}\n`);
}

function readIssued(dir: string): IssuedList {
  return JSON.parse(readFileSync(caFiles(dir).issued, 'utf8')) as IssuedList;
}

async function loadCa(dir: string) {
  const files = caFiles(dir);
  if (!existsSync(files.key) || !existsSync(files.cert)) throw new Error(`no test CA in ${dir} (run: opengov identity ca init)`);
  const certPem = readFileSync(files.cert, 'utf8');
  const key = await importPrivateKeyPem(readFileSync(files.key, 'utf8'));
  const cert = new X509Certificate(certPem);
  const publicKey = cert.publicKey.export({ format: 'jwk' });
  const publicCryptoKey = await webcrypto.subtle.importKey('jwk', publicKey, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  return { files, certPem, der: Buffer.from(cert.raw), key, publicKey: publicCryptoKey, name: JSON.parse(readFileSync(path.join(dir, 'ca.name.json'), 'utf8')) as NameParts };
}

export interface InitOptions {
  dir: string;
  commonName?: string;
  days?: number;
  /** Host names the listener's server certificate is for. */
  listenerHosts?: string[];
  force?: boolean;
  now?: Date;
}

/** Creates the CA, an empty CRL and the listener's server certificate in `dir`. */
export async function initCa(options: InitOptions): Promise<ReturnType<typeof caFiles>> {
  const now = options.now ?? new Date();
  const files = caFiles(options.dir);
  if (existsSync(files.key) && !options.force) throw new Error(`a test CA already exists in ${options.dir} (use --force to replace it)`);
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const keys = await newKeyPair();
  const name: NameParts = { country: 'TW', organization: 'opengov test CA', commonName: options.commonName ?? 'opengov Test Citizen CA' };
  const notAfter = new Date(now.getTime() + (options.days ?? 3650) * DAY);
  const cert = await issueCertificate({
    subject: name,
    issuer: { name, key: keys.privateKey, publicKey: keys.publicKey },
    publicKey: keys.publicKey,
    serial: serial(),
    notBefore: new Date(now.getTime() - 60_000),
    notAfter,
    ca: true,
    keyUsage: [KeyUsage.keyCertSign, KeyUsage.cRLSign],
  });
  writeFileSync(files.key, await privateKeyPem(keys.privateKey), { mode: 0o600 });
  writeFileSync(files.cert, pem('CERTIFICATE', cert));
  writeFileSync(path.join(options.dir, 'ca.name.json'), `${JSON.stringify(name)}\n`);
  await writeCrl(options.dir, now, { crlNumber: 0, certificates: [] });

  const serverKeys = await newKeyPair();
  const hosts = options.listenerHosts ?? ['localhost'];
  const server = await issueCertificate({
    subject: { commonName: hosts[0]! },
    issuer: { name, key: keys.privateKey, publicKey: keys.publicKey },
    publicKey: serverKeys.publicKey,
    serial: serial(),
    notBefore: new Date(now.getTime() - 60_000),
    notAfter,
    keyUsage: [KeyUsage.digitalSignature],
    extKeyUsage: [OID.serverAuth],
    dnsNames: hosts,
  });
  writeFileSync(files.listenerKey, await privateKeyPem(serverKeys.privateKey), { mode: 0o600 });
  writeFileSync(files.listenerCert, pem('CERTIFICATE', server));
  return files;
}

export interface IssueOptions {
  dir: string;
  nationalId: string;
  commonName: string;
  /** Two-letter codes (RFC 3739 countryOfCitizenship, countryOfResidence); null leaves the attribute out. */
  citizenship: string | null;
  residence: string | null;
  notBefore?: Date;
  notAfter?: Date;
  /** `client` (the normal case); `server` or `email` make a certificate the listener must refuse. */
  usage?: 'client' | 'server' | 'email';
  /** Written as OUT.p12, OUT.cert.pem and OUT.key.pem. */
  out: string;
  password: string;
  now?: Date;
}

export interface Issued {
  serial: string;
  p12: string;
  certPem: string;
  keyPem: string;
}

/** Issues a citizen certificate: the national id in the subject's serialNumber attribute. */
export async function issueCitizenCertificate(options: IssueOptions): Promise<Issued> {
  const ca = await loadCa(options.dir);
  const now = options.now ?? new Date();
  const keys = await newKeyPair();
  const usage = options.usage ?? 'client';
  const sn = serial();
  const cert = await issueCertificate({
    subject: { country: 'TW', commonName: options.commonName, serialNumber: options.nationalId },
    issuer: { name: ca.name, key: ca.key, publicKey: ca.publicKey },
    publicKey: keys.publicKey,
    serial: sn,
    notBefore: options.notBefore ?? new Date(now.getTime() - 60_000),
    notAfter: options.notAfter ?? new Date(now.getTime() + 365 * DAY),
    keyUsage: usage === 'server' ? [KeyUsage.keyEncipherment] : [KeyUsage.digitalSignature],
    extKeyUsage: [usage === 'client' ? OID.clientAuth : usage === 'server' ? OID.serverAuth : OID.emailProtection],
    ...(options.citizenship && { citizenship: options.citizenship }),
    ...(options.residence && { residence: options.residence }),
  });
  mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
  const files: Issued = { serial: normalSerial(sn.toString('hex')), p12: `${options.out}.p12`, certPem: `${options.out}.cert.pem`, keyPem: `${options.out}.key.pem` };
  writeFileSync(files.p12, await pkcs12(keys.privateKey, [cert, ca.der], options.password), { mode: 0o600 });
  writeFileSync(files.certPem, pem('CERTIFICATE', cert));
  writeFileSync(files.keyPem, await privateKeyPem(keys.privateKey), { mode: 0o600 });
  const list = readIssued(options.dir);
  list.certificates.push({ serial: files.serial, commonName: options.commonName, notAfter: (options.notAfter ?? new Date(now.getTime() + 365 * DAY)).toISOString(), revokedAt: null });
  writeFileSync(caFiles(options.dir).issued, `${JSON.stringify(list, null, 2)}\n`);
  return files;
}

/** Revokes a certificate the CA issued (by serial, hex) and writes a new CRL. */
export async function revokeCertificate(options: { dir: string; serial: string; now?: Date }): Promise<{ crl: string; crlNumber: number }> {
  await loadCa(options.dir);
  const now = options.now ?? new Date();
  const list = readIssued(options.dir);
  const wanted = normalSerial(options.serial.replace(/[:\s]/g, ''));
  const record = list.certificates.find((c) => c.serial === wanted);
  if (!record) throw new Error(`this CA issued no certificate with serial ${options.serial}`);
  record.revokedAt ??= now.toISOString();
  await writeCrl(options.dir, now, list);
  return { crl: caFiles(options.dir).crl, crlNumber: list.crlNumber };
}
