// What the admin tests share: the agency tree, one user per role (plus staff of a second agency
// and a plain citizen), and signed-in cookie jars for them. Not imported by the application.
import assert from 'node:assert/strict';
import { systemActor } from '../../core/actor.js';
import { Browser, type TestApp } from '../../../test/helpers.js';
import { accountSignIn } from '../accounts/manifest.js';
import { userCreate } from '../accounts/manifest.js';
import { demoUsers, seedDemoUsers } from '../accounts/test-support.js';
import { SESSION_COOKIE } from '../accounts/test-support.js';
import { seedAgencies } from '../agencies/test-support.js';
import { actorFactsByEmail } from '../accounts/published.js';

export const PASSWORD = 'test-password-123';

export const people = {
  platformAdmin: demoUsers[0].email,
  moderator: demoUsers[1].email,
  agencyAdmin: demoUsers[2].email, // moda
  agencyStaff: demoUsers[3].email, // moda
  citizen: demoUsers[4].email,
  otherStaff: 'mohw-staff@test.opengov.tw',
  secondStaff: 'moda-staff-2@test.opengov.tw',
  newcomer: 'newcomer@test.opengov.tw',
} as const;

export type Person = keyof typeof people;

const passwords = new Map<string, string>(demoUsers.map((u) => [u.email, u.password]));

export async function seedPeople(t: TestApp): Promise<Record<Person, string>> {
  await seedAgencies(t.deps.services);
  await seedDemoUsers(t.deps);
  const extra = [
    { email: people.otherStaff, role: 'agency_staff', agencyCode: 'mohw', nickname: '衛福部承辦' },
    { email: people.secondStaff, role: 'agency_staff', agencyCode: 'moda', nickname: '數位部承辦二' },
    { email: people.newcomer, role: 'citizen', nickname: '新來的' },
  ] as const;
  for (const user of extra) {
    await t.deps.registry.call(userCreate, { ...user, password: PASSWORD }, { actor: systemActor('cli') });
    passwords.set(user.email, PASSWORD);
  }
  const ids = {} as Record<Person, string>;
  for (const [person, email] of Object.entries(people) as [Person, string][]) {
    ids[person] = (await actorFactsByEmail(t.deps.services.db, email))!.id;
  }
  return ids;
}

/** A cookie jar holding a fresh session for the person (signed in through the sign-in action). */
export async function browserFor(t: TestApp, person: Person): Promise<Browser> {
  const email = people[person];
  const result = await t.deps.registry.call(accountSignIn, { email, password: passwords.get(email)! }, { actor: null });
  assert.ok(result.ok, `sign-in for ${email} failed`);
  const browser = new Browser(t.app);
  // The jar is private to the helper; TypeScript allows this bracket access on purpose.
  browser['cookies'].set(SESSION_COOKIE, result.session.token);
  return browser;
}

/** The first text inside the element with this id (for checking an error message beside a field). */
export function textOf(html: string, id: string): string | null {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return match ? match[1]!.trim() : null;
}
