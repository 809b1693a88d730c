// Finding 7 of the security review (probes 225, 574, 576): secrets in URLs never reach the request log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, testConfig } from './helpers.js';
import { createLogger } from '../src/services.js';
import { userCreate } from '../src/modules/accounts/actions/users.js';
import { admin } from './helpers.js';
import { PASSWORD, lastMessage, linkIn } from '../src/modules/accounts/http/test-support.js';

test('finding 7: reset links, verification links and query-string secrets are redacted in every log line', async () => {
  const lines: string[] = [];
  const logger = createLogger(testConfig({ LOG_LEVEL: 'info' }), { write: (line: string) => void lines.push(line) });
  const t = await createTestApp({ logger });
  try {
    await t.deps.registry.call(userCreate, { email: 'mei@example.tw', password: PASSWORD, role: 'citizen' }, { actor: admin });
    const forgot = await t.app.inject({ method: 'GET', url: '/password/forgot' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(forgot.body)![1]!;
    const cookie = [forgot.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).join('; ');
    const sent = await t.app.inject({ method: 'POST', url: '/password/forgot', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, email: 'mei@example.tw' }).toString() });
    assert.equal(sent.statusCode, 303);
    const resetLink = linkIn((await lastMessage(t, 'email', 'mei@example.tw')).body, '/password/reset');
    const resetToken = new URL(resetLink, 'http://x').searchParams.get('token')!;

    assert.equal((await t.app.inject({ method: 'GET', url: resetLink })).statusCode, 200);
    await t.app.inject({ method: 'GET', url: '/verify-email?token=verify-secret-0123456789' });
    await t.app.inject({ method: 'GET', url: '/api/3/action/package_search?q=air&api_key=ogt_apikey-secret-0123&token=ogt_token-secret-0123' });
    await t.app.inject({ method: 'GET', url: '/datasets?Code=code-secret-0123&q=air' });

    const log = lines.join('');
    assert.ok(log.includes('"url":"/password/reset?[redacted]"'), log.slice(0, 2000));
    assert.ok(log.includes('"url":"/verify-email?[redacted]"'));
    assert.ok(log.includes('q=air&api_key=[redacted]&token=[redacted]'));
    assert.ok(log.includes('/datasets?Code=[redacted]&q=air'));
    for (const secret of [resetToken, 'verify-secret-0123456789', 'apikey-secret-0123', 'token-secret-0123', 'code-secret-0123']) {
      assert.ok(!log.includes(secret), `${secret} is in the log`);
    }
  } finally {
    await t.close();
  }
});
