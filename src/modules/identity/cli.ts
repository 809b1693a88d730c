// `opengov identity keys rotate` and the test CA (`opengov identity ca init|issue|revoke`):
// declarations only, so `opengov --help` stays fast.
import type { ModuleCli } from '../../manifest.js';

const caDirOption = ['--dir <dir>', 'the test CA’s folder (default: DATA_DIR/identity-ca, or IDENTITY_CA_DIR)'] as const;

async function caDir(dir: string | undefined): Promise<string> {
  if (dir) return dir;
  const { loadConfig } = await import('../../core/config.js');
  return loadConfig().identityCertificates.caDir;
}

export const cli: ModuleCli = (program, withDeps) => {
  const identity = program.command('identity').description('Identity: the OpenID Connect provider and citizen certificates');
  const keys = identity.command('keys').description('The provider’s signing keys');
  keys
    .command('rotate')
    .description('Sign with new keys (ES256 and RS256) from now on; the old keys keep verifying until their tokens expire')
    .action(() =>
      withDeps(async (deps) => {
        const { identityKeysRotate } = await import('./actions/keys.js');
        const { systemActor } = await import('../../core/actor.js');
        const result = await deps.registry.call(identityKeysRotate, {}, { actor: systemActor('cli') });
        console.log(`signing keys: ${result.created.join(' ')} (retired: ${result.retired.join(' ') || 'none'})`);
      }),
    );

  const ca = identity.command('ca').description('A test certificate authority for citizen-certificate sign-in (demos and tests only)');
  ca.command('init')
    .description('Create the CA key and certificate, an empty CRL and the certificate listener’s server certificate')
    .option(...caDirOption)
    .option('--name <name>', 'the CA’s common name', 'opengov Test Citizen CA')
    .option('--host <host...>', 'host names of the listener’s server certificate', ['localhost'])
    .option('--force', 'replace an existing CA (everything it issued stops working)')
    .action(async (options: { dir?: string; name: string; host: string[]; force?: boolean }) => {
      const { initCa } = await import('./certificates/test-ca.js');
      const dir = await caDir(options.dir);
      const files = await initCa({ dir, commonName: options.name, listenerHosts: options.host, ...(options.force && { force: true }) });
      console.log(`CA certificate: ${files.cert}\nCRL: ${files.crl}\nlistener certificate: ${files.listenerCert}`);
    });
  ca.command('issue')
    .description('Issue a citizen certificate (PKCS#12 for a browser, plus PEM certificate and key)')
    .option(...caDirOption)
    .requiredOption('--national-id <id>', 'national id, carried in the subject’s serialNumber attribute')
    .requiredOption('--name <name>', 'the person’s name (subject common name)')
    .option('--citizenship <cc>', 'country of citizenship, two letters (RFC 3739); "none" leaves it out', 'TW')
    .option('--residence <cc>', 'country of residence, two letters (RFC 3739); "none" leaves it out', 'TW')
    .option('--not-before <date>', 'start of validity (ISO 8601; default now)')
    .option('--not-after <date>', 'end of validity (ISO 8601; default in a year)')
    .option('--usage <usage>', 'client (normal); server or email issue a certificate sign-in refuses', 'client')
    .requiredOption('--out <path>', 'written as PATH.p12, PATH.cert.pem and PATH.key.pem')
    .option('--password <password>', 'the PKCS#12 password', 'opengov')
    .action(
      async (options: { dir?: string; nationalId: string; name: string; citizenship: string; residence: string; notBefore?: string; notAfter?: string; usage: string; out: string; password: string }) => {
        const { issueCitizenCertificate } = await import('./certificates/test-ca.js');
        const date = (v: string | undefined, flag: string) => {
          if (v === undefined) return undefined;
          const d = new Date(v);
          if (Number.isNaN(d.getTime())) throw new Error(`${flag} is not a date: ${v}`);
          return d;
        };
        const country = (v: string, flag: string) => {
          if (v === 'none') return null;
          if (!/^[A-Z]{2}$/.test(v)) throw new Error(`${flag} must be two capital letters or "none"`);
          return v;
        };
        if (!['client', 'server', 'email'].includes(options.usage)) throw new Error('--usage must be client, server or email');
        const notBefore = date(options.notBefore, '--not-before');
        const notAfter = date(options.notAfter, '--not-after');
        const issued = await issueCitizenCertificate({
          dir: await caDir(options.dir),
          nationalId: options.nationalId,
          commonName: options.name,
          citizenship: country(options.citizenship, '--citizenship'),
          residence: country(options.residence, '--residence'),
          ...(notBefore && { notBefore }),
          ...(notAfter && { notAfter }),
          usage: options.usage as 'client' | 'server' | 'email',
          out: options.out,
          password: options.password,
        });
        console.log(`serial: ${issued.serial}\nPKCS#12: ${issued.p12}\ncertificate: ${issued.certPem}\nkey: ${issued.keyPem}`);
      },
    );
  ca.command('revoke')
    .description('Revoke a certificate this CA issued and write a new CRL')
    .option(...caDirOption)
    .requiredOption('--serial <hex>', 'the certificate’s serial number (as `issue` printed it)')
    .action(async (options: { dir?: string; serial: string }) => {
      const { revokeCertificate } = await import('./certificates/test-ca.js');
      const result = await revokeCertificate({ dir: await caDir(options.dir), serial: options.serial });
      console.log(`revoked ${options.serial}; CRL number ${result.crlNumber}: ${result.crl}`);
    });
};
