import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, createTestPlatform } from '../../../../test/helpers.js';
import { accountSignIn, accountSignOut } from './sign-in.js';
import { userCreate } from './users.js';
import { authenticateSession } from '../auth.js';
import { accountsDb } from '../tables.js';

test('sign-out needs the session secret: a session id alone cannot end someone else\'s session', async () => {
  const t = await createTestPlatform();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    await call(userCreate, { email: 'a@example.tw', password: 'password-123456', role: 'citizen' }, { actor: admin });
    const signedIn = await call(accountSignIn, { email: 'a@example.tw', password: 'password-123456' }, { actor: null });
    assert.ok(signedIn.ok);
    const { sessionId, token } = signedIn.session;
    await call(accountSignOut, { sessionToken: sessionId }, { actor: null });
    assert.ok(await authenticateSession(accountsDb(t.deps.services.db), t.deps.services.dialect, token, t.clock.now(), t.config.sessionIdleMinutes), 'still signed in after a sign-out naming only the id');
    await call(accountSignOut, { sessionToken: token }, { actor: null });
    assert.equal(await authenticateSession(accountsDb(t.deps.services.db), t.deps.services.dialect, token, t.clock.now(), t.config.sessionIdleMinutes), null);
  } finally {
    await t.close();
  }
});

test('five wrong passwords throttle that address from that caller for 15 minutes, then it opens again', async () => {
  const t = await createTestPlatform();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    await call(userCreate, { email: 'b@example.tw', password: 'password-123456', role: 'citizen' }, { actor: admin });
    for (let i = 0; i < 5; i++) assert.equal((await call(accountSignIn, { email: 'b@example.tw', password: 'wrong' }, { actor: null })).ok, false);
    await assert.rejects(call(accountSignIn, { email: 'b@example.tw', password: 'password-123456' }, { actor: null }), (e: { code: string }) => e.code === 'RATE_LIMITED');
    t.clock.advance(16 * 60_000);
    assert.equal((await call(accountSignIn, { email: 'b@example.tw', password: 'password-123456' }, { actor: null })).ok, true);
  } finally {
    await t.close();
  }
});
