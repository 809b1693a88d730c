import { Type } from '@sinclair/typebox';
import { defineAction, type ActionContext } from '../../../core/action.js';
import { isPlatformAdmin } from '../../../core/actor.js';
import { isUniqueViolation } from '../../../core/db/adapters.js';
import { AppError, fieldError, notFound } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { displayName, newUserRow, normalizeEmail, roleNeedsAgency } from '../model.js';
import { hashPassword } from '../passwords.js';
import { findUserById } from '../queries.js';
import { Email, Password, RoleSchema } from '../schemas.js';
import { mayChangeRole, type RoleChange } from '../policy.js';
import { platformAdmin, withRole } from '../../../core/access.js';
import { agencyRefByCode, agencyRefsByIds, type AgencyRef } from '../../agencies/published.js';
import { accountsDb } from '../tables.js';

function agencyOf(agencies: Map<string, AgencyRef>, id: string | null) {
  const agency = id ? agencies.get(id) : undefined;
  return agency ? { code: agency.code, nameZh: agency.nameZh, nameEn: agency.nameEn } : null;
}


async function agencyIdForCode(ctx: ActionContext, code: string | undefined): Promise<string | null> {
  if (!code) return null;
  const agency = await agencyRefByCode(ctx.db, code);
  if (!agency) throw fieldError('agencyCode', 'accounts.unknown_agency');
  return agency.id;
}

export const userList = defineAction({
  name: 'user_list',
  description: 'Users, for platform admins (all) and agency admins (their agency only).',
  input: Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200 })),
    role: Type.Optional(RoleSchema),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 25 }),
  }),
  sideEffectFree: true,
  caller: withRole('platform_admin', 'agency_admin'),
  async run(ctx, input) {
    let query = accountsDb(ctx.db)
      .selectFrom('users')
      .where('users.deleted_at', 'is', null);
    if (!isPlatformAdmin(ctx.actor)) query = query.where('users.agency_id', '=', ctx.actor!.agencyId);
    if (input.role) query = query.where('users.role', '=', input.role);
    if (input.q?.trim()) {
      const like = `%${input.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('users.email', 'like', like), eb('users.name', 'like', like), eb('users.nickname', 'like', like)]));
    }
    const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await query
      .select(['users.id', 'users.email', 'users.name', 'users.nickname', 'users.role', 'users.email_verified_at', 'users.mobile_verified_at', 'users.created_at', 'users.agency_id'])
      .orderBy('users.created_at', 'desc')
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute();
    const agencies = await agencyRefsByIds(ctx.db, rows.flatMap((r) => r.agency_id ?? []));
    return {
      total: Number(total?.n ?? 0),
      page: input.page,
      pageSize: input.pageSize,
      users: rows.map((r) => ({
        id: r.id,
        email: r.email,
        displayName: displayName({ email: r.email, name: r.name, nickname: r.nickname }),
        role: r.role,
        emailVerified: !!r.email_verified_at,
        mobileVerified: !!r.mobile_verified_at,
        createdAt: r.created_at,
        agency: agencyOf(agencies, r.agency_id),
      })),
    };
  },
});

/** Role changes, as policy.ts mayChangeRole allows them. */
export const userSetRole = defineAction({
  name: 'user_set_role',
  input: Type.Object({
    userId: Type.String({ maxLength: 100 }),
    role: RoleSchema,
    agencyCode: Type.Optional(Type.String({ maxLength: 40 })),
  }),
  caller: withRole('platform_admin', 'agency_admin'),
  async load(ctx, input): Promise<RoleChange> {
    const user = await findUserById(accountsDb(ctx.db), input.userId);
    if (!user) throw notFound();
    const agencyId = roleNeedsAgency(input.role) ? await agencyIdForCode(ctx, input.agencyCode) : null;
    if (roleNeedsAgency(input.role) && !agencyId) throw fieldError('agencyCode', 'accounts.agency_required');
    return { user, role: input.role, agencyId };
  },
  policy: (ctx, _input, change) => mayChangeRole(ctx.actor, change),
  async run(ctx, _input, { user, role, agencyId }) {
    await accountsDb(ctx.db).updateTable('users').set({ role, agency_id: agencyId, updated_at: ctx.clock.now().toISOString() }).where('id', '=', user.id).execute();
    await ctx.audit({ action: 'user_set_role', subjectType: 'user', subjectId: user.id, data: { from: { role: user.role, agencyId: user.agency_id }, to: { role, agencyId } } });
    return { userId: user.id, role, agencyId };
  },
});

/** Creates a user directly (operators, CLI, demo data): email counts as verified. */
export const userCreate = defineAction({
  name: 'user_create',
  input: Type.Object({
    email: Email,
    password: Password,
    role: RoleSchema,
    agencyCode: Type.Optional(Type.String({ maxLength: 40 })),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    nickname: Type.Optional(Type.String({ maxLength: 50 })),
    mobile: Type.Optional(Type.String({ maxLength: 20 })),
    nationality: Type.Optional(Type.Union([Type.Literal('roc'), Type.Literal('residence_permit'), Type.Literal('other')])),
  }),
  caller: platformAdmin,
  async run(ctx, input) {
    const agencyId = await agencyIdForCode(ctx, input.agencyCode);
    if (roleNeedsAgency(input.role) && !agencyId) throw fieldError('agencyCode', 'accounts.agency_required');
    const now = ctx.clock.now().toISOString();
    const id = newId();
    try {
      await accountsDb(ctx.db)
        .insertInto('users')
        .values(
          newUserRow({
            id,
            email: normalizeEmail(input.email),
            email_verified_at: now,
            password_hash: await hashPassword(input.password),
            role: input.role,
            agency_id: roleNeedsAgency(input.role) ? agencyId : null,
            name: input.name ?? null,
            nickname: input.nickname ?? null,
            mobile: input.mobile ?? null,
            mobile_verified_at: input.mobile ? now : null,
            nationality: input.nationality ?? null,
            created_at: now,
          }),
        )
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'error.invalid_input', [{ field: 'email', message: 'accounts.email_taken' }]);
      throw error;
    }
    await ctx.audit({ action: 'user_create', subjectType: 'user', subjectId: id, data: { role: input.role, agencyId } });
    return { userId: id };
  },
});
