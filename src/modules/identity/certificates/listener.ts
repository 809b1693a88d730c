// The TLS client-certificate listener: its own port (IDENTITY_CERT_PORT), started by `serve` beside
// the main site. It asks every client for a certificate, judges it (judge.ts), and sends the person
// back to the main site: with a one-time code on success (cookies are not shared across ports), with
// the reason on failure. It writes nothing but that code and renders no page: the main site does.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Services } from '../../../core/action.js';
import { safeNext } from '../../accounts/manifest.js';
import { issueSignInCode } from './codes.js';
import { judgeCertificate } from './judge.js';
import { cachedRevocationState, refreshCrlsJob, trustedCas } from './trust.js';

export interface RunningListener {
  port: number;
  close(): Promise<void>;
}

export async function startCertificateListener(services: Services): Promise<RunningListener | null> {
  const config = services.config.identityCertificates;
  if (config.port === null) return null;
  const cas = trustedCas(config);
  await refreshCrlsJob(services).catch((error) => services.logger.warn({ err: error }, 'CRL refresh failed'));
  const main = services.config.baseUrl;

  const server = https.createServer(
    {
      key: readFileSync(config.tlsKey),
      cert: readFileSync(config.tlsCert),
      ca: cas.map((c) => c.pem),
      requestCert: true,
      // Refusals are answered with a page on the main site, not a broken handshake.
      rejectUnauthorized: false,
    },
    (request, response) => {
      const url = new URL(request.url ?? '/', 'https://listener.invalid');
      const send = (location: string) => {
        response.writeHead(303, { location, 'cache-control': 'no-store' }).end();
      };
      if (request.method !== 'GET' || (url.pathname !== '/' && url.pathname !== '/sign-in')) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
        return;
      }
      const next = safeNext(url.searchParams.get('next') ?? undefined);
      void (async () => {
        const now = services.clock.now();
        const judgement = judgeCertificate(request.socket as TLSSocket, cas, await cachedRevocationState(services, cas), now);
        if (!judgement.ok) {
          send(`${main}/signin/certificate/failed?reason=${judgement.reason}&next=${encodeURIComponent(next)}`);
          return;
        }
        const code = await issueSignInCode(services.db, services.config.secret, judgement.person, next, now);
        send(`${main}/signin/certificate/complete?code=${encodeURIComponent(code)}`);
      })().catch((error) => {
        services.logger.error({ err: error }, 'certificate sign-in failed');
        if (!response.headersSent) send(`${main}/signin/certificate/failed?reason=unavailable&next=${encodeURIComponent(next)}`);
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port!, services.config.host, () => resolve());
  });
  services.logger.info({ port: (server.address() as AddressInfo).port }, 'certificate sign-in listener started');
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
