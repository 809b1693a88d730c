// The check that keeps issue 9 fixed: every operation in /openapi.json gets malformed, oversized,
// wrong-typed, deeply nested and NUL-holding input, anonymously and with an administrator's token,
// and must answer 4xx in its documented error shape (problem+json; CKAN's envelope under /api/3),
// never a 5xx. Runs on each engine (npm test, npm run test:pg).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, admin } from './helpers.js';
import { userCreate } from '../src/modules/accounts/actions/users.js';
import { apiTokenCreate } from '../src/modules/accounts/actions/tokens.js';
import { actorFactsByEmail } from '../src/modules/accounts/published.js';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; $ref?: string };
type Operation = { parameters?: Array<{ name: string; in: string }>; requestBody?: { content?: Record<string, { schema?: Schema }> } };

const NUL = 'a\u0000b';
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** A value of the wrong type for a property of this schema. */
const wrongType = (s: Schema | undefined): unknown => (s?.type === 'string' ? { not: 'a string' } : s?.type === 'array' ? 'not an array' : 'not a number or object');

test('every OpenAPI operation refuses hostile input with a 4xx in its documented shape, never a 5xx', async () => {
  const t = await createTestApp();
  try {
    await t.deps.registry.call(userCreate, { email: 'fuzz-admin@example.tw', password: 'long-enough-password', role: 'platform_admin' }, { actor: admin });
    const facts = (await actorFactsByEmail(t.deps.services.db, 'fuzz-admin@example.tw'))!;
    const actor = { userId: facts.id, role: 'platform_admin' as const, agencyId: null, emailVerified: true, mobileVerified: true, via: 'cli' as const, level: 2 as const };
    const token = (await t.deps.registry.call(apiTokenCreate, { name: 'fuzz' }, { actor })).token;
    const doc = (await t.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };
    const resolve = (s: Schema | undefined): Schema | undefined => (s?.$ref ? doc.components?.schemas?.[s.$ref.split('/').at(-1)!] : s);

    const oversized = JSON.stringify({ text: 'x'.repeat(t.deps.services.config.bodyLimitBytes + 1024) });
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const failures: string[] = [];
    let requests = 0;
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const isCkan = template.startsWith('/api/3/') || template.startsWith('/api/action/');
        const url = (value: string) => template.replace(/\{[^}]+\}/g, encodeURIComponent(value));
        const queryNames = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const bodySchema = resolve(op.requestBody?.content?.['application/json']?.schema);
        const props = Object.entries(bodySchema?.properties ?? {}).map(([name, s]) => [name, resolve(s)] as const);
        const cases: Array<{ name: string; url: string; payload?: string; strict: boolean }> = [];
        if (template.includes('{')) cases.push({ name: 'NUL in path', url: url(NUL), strict: true });
        if (queryNames.length > 0) {
          cases.push({ name: 'NUL in query', url: `${url('x')}?${queryNames.map((n) => `${encodeURIComponent(n)}=${encodeURIComponent(NUL)}`).join('&')}`, strict: false });
          cases.push({ name: 'wrong-typed query', url: `${url('x')}?${queryNames.map((n) => `${encodeURIComponent(n)}=%5B%5B%5D%5D&${encodeURIComponent(n)}=-1e999`).join('&')}`, strict: false });
        }
        if (BODY_METHODS.has(method)) {
          cases.push({ name: 'malformed JSON', url: url('x'), payload: '{"a":', strict: true });
          cases.push({ name: 'oversized', url: url('x'), payload: oversized, strict: true });
          cases.push({ name: 'deeply nested', url: url('x'), payload: deep, strict: true });
          cases.push({ name: 'wrong-typed body', url: url('x'), payload: JSON.stringify(props.length ? Object.fromEntries(props.map(([n, s]) => [n, wrongType(s)])) : ['not', 'an', 'object']), strict: false });
          cases.push({ name: 'NUL in body', url: url('x'), payload: JSON.stringify(Object.fromEntries((props.length ? props.map(([n]) => n) : ['id', 'name', 'q']).map((n) => [n, NUL]))), strict: false });
        }
        for (const c of cases) {
          for (const auth of [null, `Bearer ${token}`]) {
            requests++;
            const res = await t.app.inject({
              method: method.toUpperCase() as 'GET',
              url: c.url,
              // The DCAT documents live outside /api/: a client that asks for JSON gets its errors as problem+json.
              headers: { accept: 'application/json', ...(auth && { authorization: auth }), ...(c.payload !== undefined && { 'content-type': 'application/json' }) },
              ...(c.payload !== undefined && { payload: c.payload }),
            });
            const what = `${method.toUpperCase()} ${template} ${c.name} ${auth ? 'token' : 'anonymous'}: ${res.statusCode}`;
            if (res.statusCode >= 500) failures.push(`${what} ${res.body.slice(0, 200)}`);
            else if (c.strict && res.statusCode < 400) failures.push(`${what} (expected a 4xx)`);
            else if (res.statusCode >= 400) {
              const type = String(res.headers['content-type'] ?? '');
              if (isCkan) {
                const body = res.json() as { success?: boolean; error?: { __type?: string } };
                if (body.success !== false || !body.error?.__type) failures.push(`${what} not CKAN's error envelope`);
              } else if (!type.startsWith('application/problem+json')) failures.push(`${what} ${type} is not problem+json`);
            }
          }
        }
      }
    }
    assert.ok(requests > 200, `only ${requests} requests`);
    assert.deepEqual(failures, []);
  } finally {
    await t.close();
  }
});
