// Fixtures for this module's tests: a few agencies, users in every role, and shortcuts to a
// proposal in a given state. Users are inserted directly (no password hashing) so that tests with
// hundreds of endorsers stay fast; the actions under test never write the users table.
import type { Actor, Role } from '../../core/actor.js';
import type { AssuranceLevel } from '../../core/assurance.js';
import type { AnyDb } from '../../core/db/types.js';
import { hashToken, newId, randomToken } from '../../core/ids.js';
import type { TestPlatform } from '../../../test/helpers.js';
import { petitionSettingsUpdate } from './actions/petition_settings.js';
import { proposalCreate } from './actions/proposal_create.js';
import { proposalApprove } from './actions/proposal_review.js';
import { proposalEndorse } from './actions/proposal_endorse.js';
import { systemActor } from '../../core/actor.js';
import type { PetitionSettings } from './settings.js';
import { petitionsDb } from './tables.js';
import { allTables } from '../../../test/all-tables.js';
import { agencyRefByCode } from '../agencies/published.js';

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  agencyId: string | null;
  actor: Actor;
}

const agencyRows = [
  ['ey', '行政院', 'Executive Yuan', null],
  ['moda', '數位發展部', 'Ministry of Digital Affairs', 'ey'],
  ['moe', '教育部', 'Ministry of Education', 'ey'],
  ['motc', '交通部', 'Ministry of Transportation and Communications', 'ey'],
  ['moenv', '環境部', 'Ministry of Environment', 'ey'],
  ['ndc', '國家發展委員會', 'National Development Council', 'ey'],
] as const;

export async function insertAgencies(anyDb: AnyDb, now: string): Promise<Record<string, string>> {
  const db = allTables(anyDb);
  const ids: Record<string, string> = {};
  for (const [code, nameZh, nameEn, parent] of agencyRows) {
    const existing = await agencyRefByCode(db, code);
    if (existing) {
      ids[code] = existing.id;
      continue;
    }
    ids[code] = newId();
    await allTables(db)
      .insertInto('agencies')
      .values({ id: ids[code], code, name_zh: nameZh, name_en: nameEn, parent_id: parent ? ids[parent] : null, kind: 'central', level: parent ? 2 : 1, website: null, created_at: now, updated_at: now })
      .execute();
  }
  return ids;
}

export interface UserSpec {
  role?: Role;
  agencyId?: string | null;
  email?: string;
  name?: string | null;
  nickname?: string | null;
  complete?: boolean;
  emailVerified?: boolean;
  mobileVerified?: boolean;
  nationality?: 'roc' | 'residence_permit' | 'other' | null;
  locale?: string | null;
  /** The assurance level of the fixture's actor (2: signed in with password and a code by SMS). */
  level?: AssuranceLevel;
}

let counter = 0;

export async function insertUser(anyDb: AnyDb, now: string, spec: UserSpec = {}): Promise<TestUser> {
  const db = allTables(anyDb);
  const id = newId();
  counter += 1;
  const role = spec.role ?? 'citizen';
  const email = spec.email ?? `user${counter}-${id.slice(-6)}@example.tw`;
  const complete = spec.complete ?? true;
  const emailVerified = spec.emailVerified ?? true;
  const mobileVerified = spec.mobileVerified ?? complete;
  await allTables(db)
    .insertInto('users')
    .values({
      id,
      email,
      email_verified_at: emailVerified ? now : null,
      password_hash: null,
      role,
      agency_id: spec.agencyId ?? null,
      name: spec.name !== undefined ? spec.name : complete ? `測試使用者${counter}` : null,
      nickname: spec.nickname !== undefined ? spec.nickname : complete ? `使用者${counter}` : null,
      phone: complete ? '02-2345-6789' : null,
      // Each its own number: a verified mobile number belongs to one account.
      mobile: complete ? `09${String(20_000_000 + counter)}` : null,
      mobile_verified_at: mobileVerified ? now : null,
      address: complete ? '臺北市中正區重慶南路一段122號' : null,
      nationality: spec.nationality !== undefined ? spec.nationality : 'roc',
      birth_year: null,
      preferred_locale: spec.locale ?? null,
      failed_logins: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    .execute();
  return {
    id,
    email,
    role,
    agencyId: spec.agencyId ?? null,
    actor: { userId: id, role, agencyId: spec.agencyId ?? null, emailVerified, mobileVerified, via: 'session', level: spec.level ?? 2 },
  };
}

/** Many verified citizens in batched inserts. */
export async function insertCitizens(anyDb: AnyDb, now: string, n: number): Promise<TestUser[]> {
  const db = allTables(anyDb);
  const users: TestUser[] = [];
  for (let i = 0; i < n; i++) users.push(await insertUser(db, now, { complete: false, mobileVerified: false }));
  return users;
}

export interface Fixtures {
  agencies: Record<string, string>;
  proposer: TestUser;
  citizen: TestUser;
  moderator: TestUser;
  admin: TestUser;
  modaStaff: TestUser;
  moeStaff: TestUser;
}

export async function setupFixtures(t: TestPlatform): Promise<Fixtures> {
  const db = petitionsDb(t.deps.services.db);
  const now = t.clock.now().toISOString();
  const agencies = await insertAgencies(db, now);
  return {
    agencies,
    proposer: await insertUser(db, now, { email: 'proposer@example.tw' }),
    citizen: await insertUser(db, now, { email: 'citizen@example.tw', complete: false, mobileVerified: false }),
    moderator: await insertUser(db, now, { role: 'platform_moderator', email: 'moderator@example.tw' }),
    admin: await insertUser(db, now, { role: 'platform_admin', email: 'admin@example.tw' }),
    modaStaff: await insertUser(db, now, { role: 'agency_staff', agencyId: agencies.moda, email: 'staff@moda.example.tw' }),
    moeStaff: await insertUser(db, now, { role: 'agency_staff', agencyId: agencies.moe, email: 'staff@moe.example.tw' }),
  };
}

export async function setSettings(t: TestPlatform, changes: Partial<Omit<PetitionSettings, 'rules'>> & { rules?: Partial<PetitionSettings['rules']> }): Promise<void> {
  await t.deps.registry.call(petitionSettingsUpdate, changes, { actor: systemActor('cli') });
}

export const proposalInput = {
  title: '公共場所免費無線網路應全面支援 IPv6',
  content: '建議數位發展部推動 iTaiwan 熱點全面支援 IPv6，並公開各熱點的連線品質資料。',
  benefits: '提升連線品質，促進網路服務創新，讓民眾享有更好的公共網路。',
  agencyCodes: ['moda', 'moe'],
  topic: 'digital' as const,
  links: [{ url: 'https://www.moda.gov.tw/', label: '數位發展部' }],
};

export async function submittedProposal(t: TestPlatform, f: Fixtures, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await t.deps.registry.call(proposalCreate, { ...proposalInput, ...overrides, submit: true }, { actor: f.proposer.actor });
  return created.id;
}

/** Submitted, approved, and moved to the first day of endorsement. */
export async function openProposal(t: TestPlatform, f: Fixtures, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = await submittedProposal(t, f, overrides);
  await t.deps.registry.call(proposalApprove, { proposalId: id }, { actor: f.moderator.actor });
  t.clock.advanceDays(1);
  return id;
}

export async function endorseBy(t: TestPlatform, proposalId: string, users: TestUser[]) {
  const results = [];
  for (const u of users) results.push(await t.deps.registry.call(proposalEndorse, { proposalId }, { actor: u.actor }));
  return results;
}

/**
 * A session for a fixture user, for page tests: returns the cookie value. By default signed in with
 * password and a code by SMS (level 2 for a verified account); `methods` 'pwd' gives level 1.
 */
export async function sessionFor(anyDb: AnyDb, userId: string, now: Date, methods = 'pwd sms'): Promise<string> {
  const db = allTables(anyDb);
  const token = randomToken();
  await allTables(db)
    .insertInto('sessions')
    .values({
      id: newId(),
      user_id: userId,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
      ip: null,
      user_agent: null,
      revoked_at: null,
      mfa_pending: 0,
      webauthn_challenge: null,
      sign_in_methods: methods,
    })
    .execute();
  return token;
}

/** An API token for a fixture user, acting at `level` (2 by default: made from a level-2 session). */
export async function apiTokenFor(anyDb: AnyDb, userId: string, now: Date, level: 1 | 2 = 2): Promise<string> {
  const db = allTables(anyDb);
  const token = `ogt_${randomToken()}`;
  await allTables(db)
    .insertInto('api_tokens')
    .values({ id: newId(), user_id: userId, name: 'test', token_hash: hashToken(token), created_at: now.toISOString(), last_used_at: now.toISOString(), revoked_at: null, expires_at: new Date(now.getTime() + 90 * 86_400_000).toISOString(), acr_level: level })
    .execute();
  return token;
}

export async function outbox(anyDb: AnyDb, recipient?: string) {
  const db = allTables(anyDb);
  let query = db.selectFrom('outbox_messages').select(['recipient', 'subject', 'body', 'channel']).where('channel', '=', 'email');
  if (recipient) query = query.where('recipient', '=', recipient);
  return query.orderBy('created_at').orderBy('id').execute();
}
