import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { createTestPlatform } from '../../test/helpers.js';
import { defineAction } from './action.js';
import { AppError } from './errors.js';
import { Registry } from './registry.js';
import type { Actor } from './actor.js';

const citizen: Actor = { userId: 'u1', role: 'citizen', agencyId: null, emailVerified: true, mobileVerified: false, via: 'session' };

test('an action without a policy cannot be registered', async () => {
  const t = await createTestPlatform();
  try {
    const registry = new Registry(t.deps.services);
    const noPolicy = { name: 'x_y', input: Type.Object({}), run: async () => 1 } as never;
    assert.throws(() => registry.register(noPolicy), /no policy/);
  } finally {
    await t.close();
  }
});

test('policy denial: 401 for anonymous, 403 for a signed-in actor; input is validated first', async () => {
  const t = await createTestPlatform();
  try {
    const registry = new Registry(t.deps.services);
    const adminOnly = defineAction({
      name: 'admin_only',
      input: Type.Object({ n: Type.Integer({ minimum: 1 }) }),
      policy: (ctx) => ctx.actor?.role === 'platform_admin',
      run: async (_ctx, input) => input.n,
    });
    registry.register(adminOnly);
    await assert.rejects(registry.call(adminOnly, { n: 1 }, { actor: null }), (e: AppError) => e.code === 'UNAUTHENTICATED');
    await assert.rejects(registry.call(adminOnly, { n: 1 }, { actor: citizen }), (e: AppError) => e.code === 'FORBIDDEN');
    await assert.rejects(registry.call(adminOnly, { n: 0 }, { actor: citizen }), (e: AppError) => e.code === 'INVALID' && e.fields[0]!.field === 'n');
  } finally {
    await t.close();
  }
});

test('a failing action rolls back its writes and its audit record, and after-commit tasks do not run', async () => {
  const t = await createTestPlatform();
  try {
    const registry = new Registry(t.deps.services);
    let notified = 0;
    const failing = defineAction({
      name: 'half_write',
      input: Type.Object({}),
      policy: () => true,
      async run(ctx) {
        await ctx.audit({ action: 'half_write', subjectType: 'thing' });
        ctx.afterCommit(() => void (notified += 1));
        throw new AppError('CONFLICT', 'error.conflict');
      },
    });
    const working = defineAction({
      name: 'whole_write',
      input: Type.Object({}),
      policy: () => true,
      async run(ctx) {
        await ctx.audit({ action: 'whole_write', subjectType: 'thing' });
        ctx.afterCommit(() => void (notified += 1));
        return 'ok';
      },
    });
    registry.register(failing, working);
    await assert.rejects(registry.call(failing, {}, { actor: citizen }));
    assert.equal(notified, 0);
    assert.equal((await t.deps.services.db.selectFrom('audit_log').selectAll().execute()).length, 0);
    assert.equal(await registry.call(working, {}, { actor: citizen }), 'ok');
    assert.equal(notified, 1);
    const rows = await t.deps.services.db.selectFrom('audit_log').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actor_id, 'u1');
  } finally {
    await t.close();
  }
});
