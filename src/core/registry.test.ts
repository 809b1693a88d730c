import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { createTestPlatform } from '../../test/helpers.js';
import { defineAction } from './action.js';
import { anyone, platformAdmin, signedIn } from './access.js';
import { AppError } from './errors.js';
import { Registry } from './registry.js';
import type { Actor } from './actor.js';

const citizen: Actor = { userId: 'u1', role: 'citizen', agencyId: null, emailVerified: true, mobileVerified: false, via: 'session', level: 1 };

test('an action without a caller requirement cannot be registered', async () => {
  const t = await createTestPlatform();
  try {
    const registry = new Registry(t.deps.services);
    const noCaller = { name: 'x_y', input: Type.Object({}), run: async () => 1 } as never;
    assert.throws(() => registry.register(noCaller), /no caller requirement/);
  } finally {
    await t.close();
  }
});

test('caller denial: 401 for anonymous, 403 for a signed-in actor, before the input is looked at', async () => {
  const t = await createTestPlatform();
  try {
    const registry = new Registry(t.deps.services);
    const adminOnly = defineAction({
      name: 'admin_only',
      input: Type.Object({ n: Type.Integer({ minimum: 1 }) }),
      caller: platformAdmin,
      run: async (_ctx, input) => input.n,
    });
    registry.register(adminOnly);
    await assert.rejects(registry.call(adminOnly, { n: 1 }, { actor: null }), (e: AppError) => e.code === 'UNAUTHENTICATED');
    await assert.rejects(registry.call(adminOnly, { n: 1 }, { actor: citizen }), (e: AppError) => e.code === 'FORBIDDEN');
    // A refused caller learns nothing about the input: invalid input is still a 403, not a 400.
    await assert.rejects(registry.call(adminOnly, { n: 0 }, { actor: citizen }), (e: AppError) => e.code === 'FORBIDDEN');
    // A deeply nested body never reaches validation when the caller is refused.
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    await assert.rejects(registry.call(adminOnly, deep, { actor: null }), (e: AppError) => e.code === 'UNAUTHENTICATED');
    const admin: Actor = { ...citizen, role: 'platform_admin' };
    await assert.rejects(registry.call(adminOnly, { n: 0 }, { actor: admin }), (e: AppError) => e.code === 'INVALID' && e.fields[0]!.field === 'n');
  } finally {
    await t.close();
  }
});

test('order: caller, validation, load, policy(ctx, input, subject), run; rollback tasks run only on failure', async () => {
  const t = await createTestPlatform();
  try {
    const registry = new Registry(t.deps.services);
    const steps: string[] = [];
    const things: Record<string, { owner: string }> = { a: { owner: 'u1' }, b: { owner: 'u2' } };
    const editThing = defineAction({
      name: 'thing_edit',
      input: Type.Object({ id: Type.String({ minLength: 1 }) }),
      caller: signedIn,
      async load(_ctx, input) {
        steps.push('load');
        const thing = things[input.id];
        if (!thing) throw new AppError('NOT_FOUND', 'error.not_found');
        return thing;
      },
      policy(ctx, _input, thing) {
        steps.push('policy');
        return thing.owner === ctx.actor!.userId;
      },
      async run(ctx, input, thing) {
        steps.push('run');
        ctx.onRollback(() => void steps.push('rollback'));
        if (input.id === 'a' && thing.owner === 'u1' && steps.length > 100) throw new Error('never');
        return thing.owner;
      },
    });
    registry.register(editThing);
    assert.equal(await registry.call(editThing, { id: 'a' }, { actor: citizen }), 'u1');
    assert.deepEqual(steps.splice(0), ['load', 'policy', 'run']);
    await assert.rejects(registry.call(editThing, { id: 'b' }, { actor: citizen }), (e: AppError) => e.code === 'FORBIDDEN');
    assert.deepEqual(steps.splice(0), ['load', 'policy']);
    await assert.rejects(registry.call(editThing, { id: 'zz' }, { actor: citizen }), (e: AppError) => e.code === 'NOT_FOUND');
    assert.deepEqual(steps.splice(0), ['load']);
    await assert.rejects(registry.call(editThing, { id: '' }, { actor: citizen }), (e: AppError) => e.code === 'INVALID');
    assert.deepEqual(steps.splice(0), []);

    const failing = defineAction({
      name: 'thing_fail',
      input: Type.Object({}),
      caller: anyone,
      async run(ctx) {
        ctx.onRollback(() => void steps.push('rollback'));
        throw new AppError('CONFLICT', 'error.conflict');
      },
    });
    registry.register(failing);
    await assert.rejects(registry.call(failing, {}, { actor: null }));
    assert.deepEqual(steps.splice(0), ['rollback']);
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
      caller: anyone,
      async run(ctx) {
        await ctx.audit({ action: 'half_write', subjectType: 'thing' });
        ctx.afterCommit(() => void (notified += 1));
        throw new AppError('CONFLICT', 'error.conflict');
      },
    });
    const working = defineAction({
      name: 'whole_write',
      input: Type.Object({}),
      caller: anyone,
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
