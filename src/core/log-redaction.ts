// What a request log line may say about a URL. Links that carry a secret (a password-reset or
// e-mail verification token) lose their whole query; elsewhere the values of parameters that are
// known to carry secrets are replaced, so a log reader learns the route and the parameter names only.

/** Paths whose query string is a secret as a whole. */
const SECRET_QUERY_PATHS = ['/password/reset', '/verify-email'];

/** Query parameters whose value is a credential, a one-time code or a signature (compared lower-cased). */
const SECRET_PARAMETERS = new Set([
  'token',
  'api_key',
  'apikey',
  'key',
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'code',
  'code_verifier',
  'client_secret',
  'secret',
  'password',
  'signature',
  'sig',
  'ticket',
  'share',
  'state',
  'nonce',
]);

export const REDACTED = '[redacted]';

/** The URL (path and query, as a request line gives it) with its secrets replaced. */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const path = url.slice(0, mark);
  if (SECRET_QUERY_PATHS.some((p) => path === p || path.startsWith(`${p}/`))) return `${path}?${REDACTED}`;
  const parts = url
    .slice(mark + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const rawName = eq === -1 ? part : part.slice(0, eq);
      let name: string;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        name = rawName;
      }
      return SECRET_PARAMETERS.has(name.trim().toLowerCase()) ? `${rawName}=${REDACTED}` : part;
    });
  return `${path}?${parts.join('&')}`;
}
