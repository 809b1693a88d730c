// Fetching a URL a user gave us (imports, previews) without letting it reach the platform's own
// network: only http(s), every resolved address checked against private/loopback/link-local/...
// ranges, and the socket connects to the address we checked (the lookup is overridden), so a DNS
// answer that changes between check and connect cannot slip through. Every redirect hop is checked
// again; time and size are capped.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

export type FetchRefusal = 'bad_url' | 'bad_scheme' | 'blocked_address' | 'dns_failed' | 'too_many_redirects' | 'too_large' | 'timeout' | 'network';

export class FetchRefused extends Error {
  constructor(
    readonly reason: FetchRefusal,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'FetchRefused';
  }
}

export interface SafeFetchOptions {
  /** Tests only: lets 127.0.0.0/8 and ::1 through (every other private range stays refused). */
  allowLoopback?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
}

export interface SafeResponse {
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
  text(): string;
  json(): unknown;
}

// ---------------------------------------------------------------------------------------------
// Address classification: ipaddr.js knows the IANA special-purpose registries (private, shared,
// documentation, benchmarking, NAT64, Teredo, 6to4, ...), so this list is not ours to keep.

/** Global unicast IPv6 (2000::/3); everything outside it is special, reserved or unallocated. */
const globalUnicastV6 = ipaddr.parseCIDR('2000::/3');

/**
 * Why an address must not be fetched (ipaddr.js's range name: loopback, private, linkLocal,
 * reserved, teredo, rfc6052, ...), or null when it is public unicast. IPv4-mapped IPv6 is judged as
 * the IPv4 address it carries; every other IPv6 form that embeds or translates an IPv4 address
 * (NAT64, SIIT, 6to4, Teredo, IPv4-compatible) is refused, since where it leads depends on a gateway.
 * Accepts IPv4 and IPv6 (bracketed or not, with a zone); anything else is 'not-an-ip'.
 */
export function blockedReason(address: string): string | null {
  const text = address.replace(/^\[|\]$/g, '').split('%')[0]!;
  if (!net.isIP(text)) return 'not-an-ip';
  let ip = ipaddr.parse(text);
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress()) ip = ip.toIPv4Address();
  const range = ip.range();
  if (range !== 'unicast') return range;
  if (ip instanceof ipaddr.IPv6 && !ip.match(globalUnicastV6)) return ip.parts.slice(0, 6).every((g) => g === 0) ? 'ipv4Compatible' : 'reserved';
  return null;
}

function allowed(address: string, allowLoopback: boolean): boolean {
  const reason = blockedReason(address);
  return reason === null || (allowLoopback && reason === 'loopback');
}

/**
 * Parses and checks a URL before any connection: scheme, and the host when it is an IP literal.
 * WHATWG URL parsing normalises tricks like `0x7f.1` or `2130706433` to dotted quads first.
 */
export function checkUrl(raw: string, options: Pick<SafeFetchOptions, 'allowLoopback'> = {}): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchRefused('bad_url', raw.slice(0, 200));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchRefused('bad_scheme', url.protocol);
  if (url.username || url.password) throw new FetchRefused('bad_url', 'credentials in URL');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && !allowed(host, options.allowLoopback ?? false)) throw new FetchRefused('blocked_address', `${host} (${blockedReason(host)})`);
  if (/^localhost\.?$/i.test(host) || /\.localhost\.?$/i.test(host)) {
    if (!options.allowLoopback) throw new FetchRefused('blocked_address', `${host} (loopback)`);
  }
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A `lookup` for http(s).request that only ever hands the socket an address it has checked. */
export function guardedLookup(allowLoopback: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const bad = addresses.find((a) => !allowed(a.address, allowLoopback));
      if (bad || addresses.length === 0) {
        const error = new FetchRefused('blocked_address', bad ? `${hostname} → ${bad.address} (${blockedReason(bad.address)})` : hostname) as unknown as NodeJS.ErrnoException;
        return callback(error, []);
      }
      const usable = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
      if (usable.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      if (options.all) return callback(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

function requestOnce(url: URL, options: Required<Pick<SafeFetchOptions, 'allowLoopback' | 'maxBytes'>> & { headers: Record<string, string>; deadline: number }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const remaining = options.deadline - Date.now();
    if (remaining <= 0) return reject(new FetchRefused('timeout', url.href));
    const req = lib.request(
      url,
      {
        method: 'GET',
        headers: { 'user-agent': 'opengov-importer/1.0', accept: '*/*', ...options.headers },
        lookup: guardedLookup(options.allowLoopback) as unknown as typeof dns.lookup,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          req.destroy();
          return reject(new FetchRefused('too_large', `${declared} bytes`));
        }
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            req.destroy();
            reject(new FetchRefused('too_large', `> ${options.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (e) => reject(e instanceof FetchRefused ? e : new FetchRefused('network', e.message)));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new FetchRefused('timeout', url.href));
    }, remaining);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof FetchRefused) return reject(e);
      reject(e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? new FetchRefused('dns_failed', url.hostname) : new FetchRefused('network', e.message));
    });
    req.end();
  });
}

/** GETs a user-given URL under the guard; follows up to `maxRedirects` redirects, each checked. */
export async function safeFetch(raw: string, options: SafeFetchOptions = {}): Promise<SafeResponse> {
  const allowLoopback = options.allowLoopback ?? false;
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let url = checkUrl(raw, { allowLoopback });
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(url, { allowLoopback, maxBytes, headers: options.headers ?? {}, deadline });
    const location = res.headers.location;
    if ([301, 302, 303, 307, 308].includes(res.status) && location) {
      if (hop >= maxRedirects) throw new FetchRefused('too_many_redirects', url.href);
      url = checkUrl(new URL(location, url).href, { allowLoopback });
      continue;
    }
    const body = res.body;
    const finalUrl = url.href;
    return {
      url: finalUrl,
      status: res.status,
      contentType: String(res.headers['content-type'] ?? ''),
      body,
      text: () => body.toString('utf8').replace(/^\uFEFF/, ''),
      json: () => JSON.parse(body.toString('utf8').replace(/^\uFEFF/, '')) as unknown,
    };
  }
}
