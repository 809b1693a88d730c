// An external identity provider that misbehaves on request, for the relying party's refusals: a
// token signed with a key not in its JWKS, another issuer or audience, an expired token, a wrong
// nonce, a lower acr, a refused code. The real provider (another opengov process) never does these,
// so the happy path is tested against it (federation-processes.test.ts); this one serves the rest.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export interface Misbehaviour {
  signWithUnknownKey?: boolean;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  nonce?: string;
  acr?: string;
  /** The token endpoint answers invalid_grant. */
  refuseCode?: boolean;
  /** The token endpoint never answers (a timeout). */
  hang?: boolean;
}

export interface FakeProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the next token response does wrong (reset to {} after each exchange). */
  misbehave: Misbehaviour;
  /** The claims userinfo returns for the next exchange. */
  person: Record<string, unknown>;
  /** How many codes the token endpoint was asked to exchange. */
  exchanges: number;
  /** The redirect the provider gives the browser for an authorization request (code or error). */
  callbackFor(authorizationUrl: string, outcome?: { error?: string }): string;
  close(): Promise<void>;
}

export async function startFakeProvider(): Promise<FakeProvider> {
  const signing = await generateKeyPair('ES256', { extractable: true });
  const stranger = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(signing.publicKey)), kid: 'fake-1', alg: 'ES256', use: 'sig' };
  const codes = new Map<string, { nonce: string; challenge: string; redirectUri: string }>();
  const hanging: http.ServerResponse[] = [];
  let counter = 0;

  const server = http.createServer((request, response) => {
    const url = new URL(request.url!, fake.issuer);
    const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: fake.issuer,
        authorization_endpoint: `${fake.issuer}/authorize`,
        token_endpoint: `${fake.issuer}/token`,
        userinfo_endpoint: `${fake.issuer}/userinfo`,
        jwks_uri: `${fake.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/userinfo') return json(200, { sub: 'person-1', ...fake.person });
    if (url.pathname === '/token') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        void (async () => {
          fake.exchanges++;
          const form = new URLSearchParams(body);
          const wrong = fake.misbehave;
          fake.misbehave = {};
          if (wrong.hang) return void hanging.push(response);
          // client_secret_basic: each half form-urlencoded before base64 (RFC 6749, 2.3.1).
          const [id, secret] = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':').map((half) => decodeURIComponent(half.replace(/\+/g, ' ')));
          const issued = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          const verifierOk = issued && createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') === issued.challenge;
          if (wrong.refuseCode || id !== fake.clientId || secret !== fake.clientSecret || !issued || !verifierOk || form.get('redirect_uri') !== issued.redirectUri) {
            return json(400, { error: 'invalid_grant' });
          }
          const now = Math.floor(Date.now() / 1000);
          const idToken = await new SignJWT({ nonce: wrong.nonce ?? issued.nonce, acr: wrong.acr ?? 'urn:opengov:loa:3', amr: ['hwk', 'pin'] })
            .setProtectedHeader({ alg: 'ES256', kid: 'fake-1' })
            .setIssuer(wrong.issuer ?? fake.issuer)
            .setAudience(wrong.audience ?? fake.clientId)
            .setSubject('person-1')
            .setIssuedAt(now - 5)
            .setExpirationTime(now + (wrong.expiresIn ?? 300))
            .sign(wrong.signWithUnknownKey ? stranger.privateKey : signing.privateKey);
          json(200, { access_token: `at-${++counter}`, token_type: 'Bearer', expires_in: 300, id_token: idToken });
        })();
      });
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const fake: FakeProvider = {
    issuer: `http://127.0.0.1:${port}`,
    clientId: 'platform-rp',
    clientSecret: 'fake-provider-client-secret-0123456789',
    misbehave: {},
    person: { national_id: 'A123456789', nationality_verified: 'roc' },
    exchanges: 0,
    callbackFor(authorizationUrl, outcome = {}) {
      const asked = new URL(authorizationUrl).searchParams;
      const back = new URL(asked.get('redirect_uri')!);
      back.searchParams.set('state', asked.get('state')!);
      if (outcome.error) back.searchParams.set('error', outcome.error);
      else {
        const code = `code-${++counter}`;
        codes.set(code, { nonce: asked.get('nonce')!, challenge: asked.get('code_challenge')!, redirectUri: asked.get('redirect_uri')! });
        back.searchParams.set('code', code);
      }
      return `${back.pathname}${back.search}`;
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
