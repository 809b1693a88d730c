// Fetching a URL a user gave us (imports, previews) without letting it reach the platform's own
// network: only http(s), every resolved address checked against private/loopback/link-local/...
// ranges, and the socket connects to the address we checked (the lookup is overridden), so a DNS
// answer that changes between check and connect cannot slip through. Every redirect hop is checked
// again; time and size are capped.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

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
// Address classification

type Range = readonly [base: number, bits: number, label: string];

const v4Ranges: Range[] = [
  [0x00000000, 8, 'this-network'],
  [0x0a000000, 8, 'private'],
  [0x64400000, 10, 'cgnat'],
  [0x7f000000, 8, 'loopback'],
  [0xa9fe0000, 16, 'link-local'],
  [0xac100000, 12, 'private'],
  [0xc0000000, 24, 'ietf-protocol'],
  [0xc0a80000, 16, 'private'],
  [0xc6120000, 15, 'benchmarking'],
  [0xe0000000, 4, 'multicast'],
  [0xf0000000, 4, 'reserved'],
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function classifyV4(n: number): string | null {
  for (const [base, bits, label] of v4Ranges) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((n & mask) >>> 0 === base) return label;
  }
  return null;
}

/** Eight 16-bit groups of an IPv6 address (with or without a trailing dotted quad). */
function v6Groups(ip: string): number[] | null {
  let text = ip.split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    if (!net.isIPv4(dotted[1]!)) return null;
    const n = v4ToInt(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const missing = 8 - left.length - right.length;
  if (rest === undefined && missing !== 0) return null;
  if (missing < 0) return null;
  const groups = [...left, ...Array<number>(rest === undefined ? 0 : missing).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * Why an address must not be fetched (loopback, private, link-local, ...), or null when it is a
 * public unicast address. Accepts IPv4 and IPv6 (bracketed or not); non-IP input is refused.
 */
export function blockedReason(address: string): string | null {
  const ip = address.replace(/^\[|\]$/g, '');
  if (net.isIPv4(ip)) return classifyV4(v4ToInt(ip));
  if (!net.isIPv6(ip)) return 'not-an-ip';
  const g = v6Groups(ip);
  if (!g) return 'not-an-ip';
  const embeddedV4 = ((g[6]! << 16) >>> 0) + g[7]!;
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): judge the IPv4 inside.
  const mapped = g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0);
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (mapped || nat64) return classifyV4(embeddedV4) ?? (mapped && g[5] === 0 ? 'ipv4-compatible' : null);
  if (g[0] === 0x2002) return classifyV4(((g[1]! << 16) >>> 0) + g[2]!); // 6to4
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0]! & 0xffc0) === 0xfec0) return 'site-local';
  if ((g[0]! & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation';
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
