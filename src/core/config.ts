// The only place that reads environment variables. Every value is validated at start so that a
// typo in a deployment fails loudly with a message naming the variable, not later at first use.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  baseUrl: string;
  databaseUrl: string | null; // null: embedded SQLite at sqlitePath
  sqlitePath: string;
  dataDir: string;
  secret: string;
  secretIsEphemeral: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  smsProvider: 'outbox' | 'webhook';
  smsWebhookUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean;
  jobsEnabled: boolean;
  bodyLimitBytes: number;
  sessionDays: number;
  /** A session unused this long signs nobody in (besides the absolute lifetime of sessionDays). */
  sessionIdleMinutes: number;
  /** The longest lifetime an API token may be given; new tokens get 90 days or this, if less. */
  apiTokenMaxDays: number;
  /** Bearer token that /metrics requires; without it /metrics is served only outside production. */
  metricsToken: string | null;
  /** JSON file with extra holidays, makeup workdays and election-freeze periods (see core/calendar-settings). */
  calendarFile: string | null;
  identityCertificates: CertificateSignInConfig;
  /** Who runs this site, as the privacy notice, terms and contact page name them. */
  operator: OperatorConfig;
  /** The external OpenID Connect provider (the mobile citizen certificate); null when not configured. */
  federation: FederationConfig | null;
}

/** The operator's details the site's notices show (OPERATOR_NAME, CONTACT_EMAIL, CONTACT_PHONE, CONTACT_ADDRESS). */
export interface OperatorConfig {
  /** The organisation responsible for the site; null: the site's own name in the page's language. */
  name: string | null;
  /** Where people write about the site and their personal data (default contact@ the BASE_URL host). */
  email: string;
  phone: string | null;
  address: string | null;
}

/** Citizen-certificate sign-in: the TLS client-certificate listener and the CAs it trusts. */
export interface CertificateSignInConfig {
  /** The listener's port; null: no listener (IDENTITY_CERT_PORT). */
  port: number | null;
  /** Where browsers reach the listener (IDENTITY_CERT_URL; default https://BASE_URL's host:port). */
  publicUrl: string | null;
  /** The test CA's folder (`opengov identity ca`), where the defaults below point (IDENTITY_CA_DIR). */
  caDir: string;
  /** PEM files of the CA certificates trusted for sign-in (IDENTITY_CERT_CA_FILES, comma-separated). */
  caFiles: string[];
  /** Where each CA's CRL is read: files or http(s) URLs (IDENTITY_CERT_CRLS, comma-separated). */
  crlSources: string[];
  /** The listener's own server certificate and key (IDENTITY_CERT_TLS_CERT, IDENTITY_CERT_TLS_KEY). */
  tlsCert: string;
  tlsKey: string;
  /** How often the CRLs are fetched again (IDENTITY_CERT_CRL_REFRESH_SECONDS). */
  crlRefreshSeconds: number;
}

/** The platform as a relying party of an external identity provider (FEDERATION_* variables). */
export interface FederationConfig {
  issuer: string;
  clientId: string;
  /** client_secret_basic, or private_key_jwt with a PKCS#8 PEM key (exactly one of the two). */
  clientSecret: string | null;
  privateKeyPem: string | null;
  keyId: string | null;
  keyAlg: 'ES256' | 'RS256' | 'PS256' | 'EdDSA';
  scope: string;
  /** The claim that carries the national id (national identification or resident certificate number). */
  nationalIdClaim: string;
  /** The provider's acr values and the platform level (1-3) each one counts as; others count as none. */
  acrLevels: Record<string, 1 | 2 | 3>;
  /** The level a federated sign-in must reach (below it: refused). */
  minLevel: 1 | 2 | 3;
  /** Bound on every request to the provider (discovery, JWKS, token). */
  timeoutMs: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parseUrl(value: string, name: string, protocols: string[], problems: string[]): URL | null {
  try {
    const url = new URL(value);
    if (!protocols.includes(url.protocol)) {
      problems.push(`${name} must use ${protocols.join(' or ')} (got "${url.protocol}")`);
      return null;
    }
    return url;
  } catch {
    problems.push(`${name} is not a valid URL`);
    return null;
  }
}

function parseInteger(value: string | undefined, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) {
    problems.push(`${name} must be a whole number (got "${value}")`);
    return fallback;
  }
  const n = Number(value);
  if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max} (got ${n})`);
  return n;
}

function parseBoolean(value: string | undefined, name: string, fallback: boolean, problems: string[]): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  problems.push(`${name} must be true or false (got "${value}")`);
  return fallback;
}

/**
 * Outside production a missing SECRET is generated once and kept in DATA_DIR, so that `npm start`
 * works with no setup and sessions survive a restart.
 */
function developmentSecret(dataDir: string): string | null {
  const file = path.join(dataDir, '.secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    /* not created yet */
  }
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const created = randomBytes(32).toString('hex');
    fs.writeFileSync(file, created, { mode: 0o600 });
    return created;
  } catch {
    return null;
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function loadFederation(env: Env, problems: string[]): FederationConfig | null {
  const issuer = env.FEDERATION_ISSUER;
  if (!issuer) return null;
  const url = parseUrl(issuer, 'FEDERATION_ISSUER', ['https:', 'http:'], problems);
  // Plain HTTP only to this machine (tests, a provider beside the platform); never across a network.
  if (url?.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) problems.push('FEDERATION_ISSUER must use https: (http: only for localhost)');
  const clientId = env.FEDERATION_CLIENT_ID ?? '';
  if (!clientId) problems.push('FEDERATION_CLIENT_ID is required when FEDERATION_ISSUER is set');
  const clientSecret = env.FEDERATION_CLIENT_SECRET || null;
  let privateKeyPem: string | null = null;
  if (env.FEDERATION_PRIVATE_KEY_FILE) {
    try {
      privateKeyPem = fs.readFileSync(env.FEDERATION_PRIVATE_KEY_FILE, 'utf8');
      if (!privateKeyPem.includes('-----BEGIN PRIVATE KEY-----')) problems.push('FEDERATION_PRIVATE_KEY_FILE must hold a PKCS#8 PEM private key');
    } catch {
      problems.push(`FEDERATION_PRIVATE_KEY_FILE ${env.FEDERATION_PRIVATE_KEY_FILE} cannot be read`);
    }
  }
  if (!clientSecret === !privateKeyPem) problems.push('set exactly one of FEDERATION_CLIENT_SECRET and FEDERATION_PRIVATE_KEY_FILE');
  const keyAlg = (env.FEDERATION_KEY_ALG || 'ES256') as FederationConfig['keyAlg'];
  if (!['ES256', 'RS256', 'PS256', 'EdDSA'].includes(keyAlg)) problems.push(`FEDERATION_KEY_ALG must be ES256, RS256, PS256 or EdDSA (got "${keyAlg}")`);
  const acrLevels: Record<string, 1 | 2 | 3> = {};
  const levelsText = env.FEDERATION_ACR_LEVELS || 'urn:opengov:loa:1=1,urn:opengov:loa:2=2,urn:opengov:loa:3=3';
  for (const pair of levelsText.split(',')) {
    const at = pair.lastIndexOf('=');
    const level = Number(pair.slice(at + 1));
    if (at <= 0 || ![1, 2, 3].includes(level)) problems.push(`FEDERATION_ACR_LEVELS must be acr=level pairs with levels 1-3 (got "${pair}")`);
    else acrLevels[pair.slice(0, at).trim()] = level as 1 | 2 | 3;
  }
  return {
    issuer,
    clientId,
    clientSecret,
    privateKeyPem,
    keyId: env.FEDERATION_KEY_ID || null,
    keyAlg,
    scope: env.FEDERATION_SCOPE || 'openid profile national_id nationality',
    nationalIdClaim: env.FEDERATION_NATIONAL_ID_CLAIM || 'national_id',
    acrLevels,
    minLevel: parseInteger(env.FEDERATION_MIN_LEVEL, 'FEDERATION_MIN_LEVEL', 3, 1, 3, problems) as 1 | 2 | 3,
    timeoutMs: parseInteger(env.FEDERATION_TIMEOUT_MS, 'FEDERATION_TIMEOUT_MS', 5000, 100, 60_000, problems),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const port = parseInteger(env.PORT, 'PORT', 3000, 0, 65535, problems);
  const host = env.HOST ?? '0.0.0.0';
  const baseUrl = (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  parseUrl(baseUrl, 'BASE_URL', ['http:', 'https:'], problems);

  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  let databaseUrl: string | null = env.DATABASE_URL || null;
  let sqlitePath = path.join(dataDir, 'opengov.db');
  if (databaseUrl) {
    if (databaseUrl.startsWith('sqlite:')) {
      sqlitePath = databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '') || sqlitePath;
      databaseUrl = null;
    } else {
      parseUrl(databaseUrl, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems);
    }
  }

  let secret = env.SECRET ?? '';
  let secretIsEphemeral = false;
  if (!secret) {
    if (nodeEnv === 'production') problems.push('SECRET is required in production (at least 32 characters)');
    const persisted = nodeEnv === 'development' ? developmentSecret(dataDir) : null;
    secret = persisted ?? randomBytes(32).toString('hex');
    secretIsEphemeral = persisted === null;
  } else if (secret.length < 32) {
    problems.push('SECRET must be at least 32 characters long');
  }

  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl) parseUrl(smtpUrl, 'SMTP_URL', ['smtp:', 'smtps:'], problems);
  const mailFrom = env.MAIL_FROM ?? 'opengov <no-reply@opengov.localhost>';

  const smsProvider = (env.SMS_PROVIDER ?? 'outbox') as Config['smsProvider'];
  if (!['outbox', 'webhook'].includes(smsProvider)) {
    problems.push(`SMS_PROVIDER must be outbox or webhook (got "${smsProvider}")`);
  }
  const smsWebhookUrl = env.SMS_WEBHOOK_URL || null;
  if (smsProvider === 'webhook') {
    if (!smsWebhookUrl) problems.push('SMS_WEBHOOK_URL is required when SMS_PROVIDER=webhook');
    else parseUrl(smsWebhookUrl, 'SMS_WEBHOOK_URL', ['https:', 'http:'], problems);
  }

  const logLevel = (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info')) as Config['logLevel'];
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }

  const caDir = path.resolve(env.IDENTITY_CA_DIR ?? path.join(dataDir, 'identity-ca'));
  const list = (value: string | undefined, fallback: string[]) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : fallback);
  const certPort = env.IDENTITY_CERT_PORT ? parseInteger(env.IDENTITY_CERT_PORT, 'IDENTITY_CERT_PORT', 0, 0, 65535, problems) : null;
  const certUrl = env.IDENTITY_CERT_URL ? env.IDENTITY_CERT_URL.replace(/\/+$/, '') : certPort ? `https://${URL.canParse(baseUrl) ? new URL(baseUrl).hostname : 'localhost'}:${certPort}` : null;
  if (env.IDENTITY_CERT_URL) parseUrl(env.IDENTITY_CERT_URL, 'IDENTITY_CERT_URL', ['https:'], problems);
  const identityCertificates: CertificateSignInConfig = {
    port: certPort,
    publicUrl: certUrl,
    caDir,
    caFiles: list(env.IDENTITY_CERT_CA_FILES, [path.join(caDir, 'ca.cert.pem')]),
    crlSources: list(env.IDENTITY_CERT_CRLS, [path.join(caDir, 'ca.crl.pem')]),
    tlsCert: env.IDENTITY_CERT_TLS_CERT ?? path.join(caDir, 'listener.cert.pem'),
    tlsKey: env.IDENTITY_CERT_TLS_KEY ?? path.join(caDir, 'listener.key.pem'),
    crlRefreshSeconds: parseInteger(env.IDENTITY_CERT_CRL_REFRESH_SECONDS, 'IDENTITY_CERT_CRL_REFRESH_SECONDS', 300, 1, 86_400, problems),
  };

  const contactEmail = env.CONTACT_EMAIL || `contact@${URL.canParse(baseUrl) ? new URL(baseUrl).hostname : 'localhost'}`;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(contactEmail)) problems.push(`CONTACT_EMAIL must be an e-mail address (got "${contactEmail}")`);
  const operator: OperatorConfig = {
    name: env.OPERATOR_NAME?.trim() || null,
    email: contactEmail,
    phone: env.CONTACT_PHONE?.trim() || null,
    address: env.CONTACT_ADDRESS?.trim() || null,
  };

  const config: Config = {
    env: nodeEnv as Config['env'],
    host,
    port,
    baseUrl,
    databaseUrl,
    sqlitePath,
    dataDir,
    secret,
    secretIsEphemeral,
    smtpUrl,
    mailFrom,
    smsProvider,
    smsWebhookUrl,
    logLevel,
    trustProxy: parseBoolean(env.TRUST_PROXY, 'TRUST_PROXY', false, problems),
    jobsEnabled: parseBoolean(env.JOBS, 'JOBS', true, problems),
    bodyLimitBytes: parseInteger(env.BODY_LIMIT_BYTES, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 1_073_741_824, problems),
    sessionDays: parseInteger(env.SESSION_DAYS, 'SESSION_DAYS', 14, 1, 365, problems),
    sessionIdleMinutes: parseInteger(env.SESSION_IDLE_MINUTES, 'SESSION_IDLE_MINUTES', 120, 10, 525_600, problems),
    apiTokenMaxDays: parseInteger(env.API_TOKEN_MAX_DAYS, 'API_TOKEN_MAX_DAYS', 365, 1, 3650, problems),
    calendarFile: env.CALENDAR_FILE || null,
    metricsToken: env.METRICS_TOKEN || null,
    identityCertificates,
    operator,
    federation: loadFederation(env, problems),
  };
  if (config.metricsToken && config.metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters long');
  if (config.calendarFile && !fs.existsSync(config.calendarFile)) problems.push(`CALENDAR_FILE ${config.calendarFile} does not exist`);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
