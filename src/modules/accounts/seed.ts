import { systemActor } from '../../core/actor.js';
import type { AppDeps } from '../../manifest.js';
import { userCreate } from './actions/users.js';
import { accountsDb } from './tables.js';

/** Demo logins, one per role. The README lists them; never load demo data in production. */
export const demoUsers = [
  { email: 'admin@demo.opengov.tw', password: 'demo-admin-pass', role: 'platform_admin', name: '平臺管理者', nickname: '管理者' },
  { email: 'moderator@demo.opengov.tw', password: 'demo-moderator-pass', role: 'platform_moderator', name: '審核人員', nickname: '審核員小林' },
  { email: 'moda-admin@demo.opengov.tw', password: 'demo-agency-admin-pass', role: 'agency_admin', agencyCode: 'moda', name: '數位發展部管理者', nickname: '數位部管理者' },
  { email: 'moda-staff@demo.opengov.tw', password: 'demo-agency-staff-pass', role: 'agency_staff', agencyCode: 'moda', name: '數位發展部承辦人', nickname: '數位部承辦' },
  { email: 'citizen@demo.opengov.tw', password: 'demo-citizen-pass', role: 'citizen', name: '王小明', nickname: '小明', mobile: '0912345678', nationality: 'roc' },
] as const;

export async function seedDemoUsers(deps: AppDeps): Promise<void> {
  for (const user of demoUsers) {
    const exists = await accountsDb(deps.services.db).selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirst();
    if (exists) continue;
    await deps.registry.call(userCreate, user, { actor: systemActor('cli') });
  }
}
