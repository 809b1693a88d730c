import { test } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns/promises';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { blockedReason, checkUrl, FetchRefused, guardedLookup, safeFetch } from './ssrf.js';

test('address classifier: only public unicast passes (ipaddr.js ranges); every internal, special or translated form is refused', () => {
  const blocked: Record<string, string> = {
    '127.0.0.1': 'loopback',
    '127.255.1.2': 'loopback',
    '10.1.2.3': 'private',
    '172.16.0.1': 'private',
    '172.31.255.255': 'private',
    '192.168.1.1': 'private',
    '169.254.169.254': 'linkLocal',
    '100.64.0.1': 'carrierGradeNat',
    '100.127.255.255': 'carrierGradeNat',
    '0.0.0.0': 'unspecified',
    '0.1.2.3': 'unspecified',
    '224.0.0.1': 'multicast',
    '239.255.255.250': 'multicast',
    '255.255.255.255': 'broadcast',
    '240.0.0.1': 'reserved',
    '192.0.0.8': 'reserved',
    '198.18.0.1': 'reserved',
    '::1': 'loopback',
    '::': 'unspecified',
    'fe80::1': 'linkLocal',
    'fe80::1%eth0': 'linkLocal',
    'febf::1': 'linkLocal',
    'fec0::1': 'deprecatedSiteLocal',
    'fc00::1': 'uniqueLocal',
    'fd12:3456::1': 'uniqueLocal',
    'ff02::1': 'multicast',
    '::ffff:127.0.0.1': 'loopback',
    '::ffff:7f00:1': 'loopback',
    '[::ffff:127.0.0.1]': 'loopback',
    '::ffff:10.0.0.1': 'private',
    '::ffff:a9fe:a9fe': 'linkLocal',
    '::ffff:192.0.2.1': 'reserved',
    '::7f00:1': 'ipv4Compatible',
    '::808:808': 'ipv4Compatible',
    '64:ff9b::192.168.0.1': 'rfc6052',
    '64:ff9b::8.8.8.8': 'rfc6052',
    '2002:7f00:1::': '6to4',
    '2002:808:808::1': '6to4',
    '2001:db8::1': 'reserved',
    '100::1': 'discard',
    '5f00::1': 'segmentRouting',
    '4000::1': 'reserved',
    // Security review probes 252 and 254: these passed the old hand-kept list.
    '192.0.2.2': 'reserved', // TEST-NET-1, the reviewer's own interface
    '192.0.2.255': 'reserved',
    '198.51.100.7': 'reserved', // TEST-NET-2
    '203.0.113.9': 'reserved', // TEST-NET-3
    '64:ff9b:1::a00:1': 'rfc6052', // local-use NAT64 (RFC 8215)
    '64:ff9b:1:ffff::1': 'rfc6052',
    '::ffff:0:7f00:1': 'rfc6145', // SIIT IPv4-translated
    '::ffff:0:a00:1': 'rfc6145',
    '2001::1': 'teredo',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2': 'teredo',
  };
  for (const [ip, reason] of Object.entries(blocked)) assert.equal(blockedReason(ip), reason, ip);
  for (const ip of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '192.169.0.1', '192.0.3.1', '203.0.114.1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '2606:4700::1111']) {
    assert.equal(blockedReason(ip), null, ip);
  }
  assert.equal(blockedReason('example.org'), 'not-an-ip');
  assert.equal(blockedReason('0x7f.1'), 'not-an-ip');
});

test('URL check: scheme allow-list and obfuscated IPv4 hosts normalised before the check', () => {
  const refused = (url: string, reason: string) =>
    assert.throws(
      () => checkUrl(url),
      (e: unknown) => e instanceof FetchRefused && e.reason === reason,
      url,
    );
  refused('http://[::ffff:127.0.0.1]/', 'blocked_address');
  refused('http://0x7f.1/', 'blocked_address');
  refused('http://2130706433/', 'blocked_address');
  refused('http://017700000001/', 'blocked_address');
  refused('http://127.1/', 'blocked_address');
  refused('http://0/', 'blocked_address');
  refused('http://localhost:3000/', 'blocked_address');
  refused('http://foo.localhost/', 'blocked_address');
  refused('http://[fe80::1]/', 'blocked_address');
  refused('http://169.254.169.254/latest/meta-data/', 'blocked_address');
  // Probe 254: the host's own TEST-NET interface, and the translated forms of probe 252, as URLs.
  refused('http://192.0.2.2:3401/', 'blocked_address');
  refused('http://198.51.100.1/', 'blocked_address');
  refused('http://203.0.113.1/', 'blocked_address');
  refused('http://[64:ff9b:1::a00:1]/', 'blocked_address');
  refused('http://[::ffff:0:7f00:1]/', 'blocked_address');
  refused('http://[2001::1]/', 'blocked_address');
  refused('http://[::7f00:1]/', 'blocked_address');
  refused('file:///etc/passwd', 'bad_scheme');
  refused('ftp://example.org/x', 'bad_scheme');
  refused('gopher://example.org/', 'bad_scheme');
  refused('not a url', 'bad_url');
  assert.equal(checkUrl('https://data.example.gov.tw/a.csv').hostname, 'data.example.gov.tw');
  // The opt-in lets loopback through, and nothing else.
  assert.equal(checkUrl('http://127.0.0.1:8080/', { allowLoopback: true }).port, '8080');
  assert.throws(() => checkUrl('http://10.0.0.1/', { allowLoopback: true }), FetchRefused);
});

test('guarded lookup refuses a host name that resolves to loopback (the socket never gets the address)', async () => {
  const lookup = guardedLookup(false);
  const error = await new Promise<unknown>((resolve) => lookup('localhost', { all: true }, (err) => resolve(err)));
  assert.ok(error instanceof FetchRefused && error.reason === 'blocked_address');
  const ok = await new Promise<unknown>((resolve) => guardedLookup(true)('localhost', { all: true }, (err, addresses) => resolve(err ?? addresses)));
  assert.ok(Array.isArray(ok) && ok.length > 0);
});

test('safeFetch: loopback refused without the opt-in; with it, redirects are re-checked and capped, size is capped', async () => {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    if (req.url === '/hello') return res.end('hello');
    if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/' }).end();
    if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (req.url === '/big') return res.end(Buffer.alloc(5000, 'x'));
    if (req.url === '/slow') return setTimeout(() => res.end('late'), 2000);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await assert.rejects(safeFetch(`${base}/hello`), (e: unknown) => e instanceof FetchRefused && e.reason === 'blocked_address');
    await assert.rejects(safeFetch(`http://localhost:${(server.address() as AddressInfo).port}/hello`), (e: unknown) => e instanceof FetchRefused && e.reason === 'blocked_address');
    // A host name (not "localhost", not an IP literal) that resolves to loopback is caught by the
    // guarded lookup at connect time, so DNS rebinding cannot swap in an internal address.
    const resolved = await dns.lookup(os.hostname()).catch(() => null);
    if (resolved && blockedReason(resolved.address) === 'loopback') {
      const viaHostname = `http://${os.hostname()}:${(server.address() as AddressInfo).port}/hello`;
      await assert.rejects(safeFetch(viaHostname), (e: unknown) => e instanceof FetchRefused && e.reason === 'blocked_address');
      assert.equal((await safeFetch(viaHostname, { allowLoopback: true })).text(), 'hello');
      hits--;
    }
    assert.equal(hits, 0, 'nothing reached the server without the opt-in');

    const res = await safeFetch(`${base}/hello`, { allowLoopback: true });
    assert.equal(res.status, 200);
    assert.equal(res.text(), 'hello');
    const viaName = await safeFetch(`http://localhost:${(server.address() as AddressInfo).port}/hello`, { allowLoopback: true });
    assert.equal(viaName.text(), 'hello');
    await assert.rejects(safeFetch(`${base}/to-metadata`, { allowLoopback: true }), (e: unknown) => e instanceof FetchRefused && e.reason === 'blocked_address');
    await assert.rejects(safeFetch(`${base}/loop`, { allowLoopback: true }), (e: unknown) => e instanceof FetchRefused && e.reason === 'too_many_redirects');
    await assert.rejects(safeFetch(`${base}/big`, { allowLoopback: true, maxBytes: 1000 }), (e: unknown) => e instanceof FetchRefused && e.reason === 'too_large');
    await assert.rejects(safeFetch(`${base}/slow`, { allowLoopback: true, timeoutMs: 200 }), (e: unknown) => e instanceof FetchRefused && e.reason === 'timeout');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
