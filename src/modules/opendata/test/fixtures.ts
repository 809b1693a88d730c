// Shared helpers for the opendata tests: a platform with agencies and a few actors.
import type { Actor } from '../../../core/actor.js';
import { seedAgencies } from '../../agencies/test-support.js';
import { actorFor, admin, createTestApp, createTestPlatform, type TestApp, type TestPlatform } from '../../../../test/helpers.js';
import { userCreate } from '../../accounts/manifest.js';
import { apiTokenCreate } from '../../accounts/manifest.js';
import type { DatasetInput } from '../schemas.js';
import { actorFactsByEmail } from '../../accounts/published.js';
import { allAgencyRefs } from '../../agencies/published.js';

export const modaStaff: Actor = actorFor({ id: 'u-moda', role: 'agency_staff', agencyId: null });
export const moenvStaff: Actor = actorFor({ id: 'u-moenv', role: 'agency_staff', agencyId: null });
export const citizen: Actor = actorFor({ id: 'u-citizen', role: 'citizen' });

export interface Fixture {
  moda: Actor;
  moenv: Actor;
  citizen: Actor;
  agencyIds: Record<string, string>;
}

async function fixtureFor(t: TestPlatform): Promise<Fixture> {
  await seedAgencies(t.deps.services);
  const rows = await allAgencyRefs(t.deps.services.db);
  const agencyIds = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  return {
    moda: { ...modaStaff, agencyId: agencyIds.moda! },
    moenv: { ...moenvStaff, agencyId: agencyIds.moenv! },
    citizen,
    agencyIds,
  };
}

export async function opendataPlatform(): Promise<TestPlatform & Fixture> {
  const t = await createTestPlatform();
  return Object.assign(t, await fixtureFor(t));
}

export async function opendataApp(config?: Record<string, string>): Promise<TestApp & Fixture> {
  const t = await createTestApp({ config });
  return Object.assign(t, await fixtureFor(t));
}

export function datasetInput(overrides: Partial<DatasetInput> = {}): DatasetInput {
  return {
    title: '空氣品質監測資料',
    notes: '全國空氣品質監測站每小時之監測數值，包含 PM2.5、臭氧等污染物濃度。',
    contact_name: '王承辦',
    contact_email: 'open@example.gov.tw',
    category: 'safety',
    update_frequency: 'hourly',
    tags: ['空氣品質', 'PM2.5'],
    fields: [
      { name: 'sitename', type: 'string', meaning: '測站名稱' },
      { name: 'pm25', type: 'number', meaning: '細懸浮微粒濃度', unit: 'μg/m3' },
    ],
    resources: [{ name: '監測資料 CSV', url: 'https://data.example.gov.tw/aqi.csv', format: 'csv' }],
    ...overrides,
  };
}

/** A real user with an API token (CKAN clients authenticate with it). */
export async function userWithToken(t: TestPlatform, options: { email: string; role: Actor['role']; agencyCode?: string }): Promise<{ token: string; actor: Actor }> {
  const { userId } = await t.deps.registry.call(userCreate, { email: options.email, password: 'correct horse battery', role: options.role, agencyCode: options.agencyCode, name: options.email.split('@')[0] }, { actor: admin });
  const user = (await actorFactsByEmail(t.deps.services.db, options.email))!;
  const actor: Actor = { userId, role: options.role, agencyId: user.agency_id, emailVerified: true, mobileVerified: true, via: 'cli', level: 2 };
  const { token } = await t.deps.registry.call(apiTokenCreate, { name: 'test' }, { actor });
  return { token, actor: { ...actor, via: 'token' } };
}
