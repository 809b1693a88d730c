// Shared setup for the deliberation tests (not imported by the application): agencies, actors,
// signed-in browsers and a quick way to cast many votes.
import { Browser, type TestApp } from '../../../test/helpers.js';
import { systemActor, type Actor } from '../../core/actor.js';
import type { AppDeps } from '../../manifest.js';
import { accountSignIn } from '../accounts/manifest.js';
import { apiTokenCreate } from '../accounts/manifest.js';
import { userCreate } from '../accounts/manifest.js';
import { SESSION_COOKIE } from '../accounts/test-support.js';
import { agencyCreate } from '../agencies/manifest.js';
import { deliberationCreate } from './actions/conversations.js';
import { deliberationVote } from './actions/participation.js';
import type { ConversationCreateInput, VoteChoice } from './schemas.js';
import { actorFactsByEmail } from '../accounts/published.js';

export interface Agencies {
  moda: string;
  moi: string;
}

export async function createAgencies(deps: AppDeps): Promise<Agencies> {
  const admin = systemActor('cli');
  const moda = await deps.registry.call(agencyCreate, { code: 'moda', nameZh: '數位發展部', nameEn: 'Ministry of Digital Affairs', kind: 'central' }, { actor: admin });
  const moi = await deps.registry.call(agencyCreate, { code: 'moi', nameZh: '內政部', nameEn: 'Ministry of the Interior', kind: 'central' }, { actor: admin });
  return { moda: moda.id, moi: moi.id };
}

let n = 0;
export function person(role: Actor['role'], extra: Partial<Actor> = {}): Actor {
  n++;
  return { userId: `user-${role}-${n}`, role, agencyId: null, emailVerified: true, mobileVerified: false, via: 'session', level: 1, ...extra };
}

export const STATEMENTS = [
  '政府應該把更多行政資料以開放格式公開。',
  '機關之間可以自動交換民眾資料，不必每次取得同意。',
  '公共服務的程式碼應該以開放原始碼釋出。',
  '線上申辦普及後，仍應保留臨櫃辦理。',
  '政府應該優先採購國內廠商的雲端服務。',
  '開放資料應該提供 API，而不只是檔案下載。',
  '地方政府應該和中央採用同一套數位服務平臺。',
  '公民討論的結果，主辦機關應該在期限內正式回應。',
];

export async function createConversation(deps: AppDeps, actor: Actor, overrides: Partial<ConversationCreateInput> = {}) {
  return deps.registry.call(deliberationCreate, { topic: '公共數位服務', description: '說明 **粗體**', seedStatements: STATEMENTS, ...overrides }, { actor });
}

/**
 * `count` citizens in two planted camps vote on every statement: camp 0 agrees with even-numbered
 * statements and disagrees with odd ones, camp 1 the reverse; statement 0 everyone agrees with.
 */
export async function plantedVotes(deps: AppDeps, conversationId: string, count: number, statements = STATEMENTS.length): Promise<Actor[]> {
  const voters: Actor[] = [];
  for (let i = 0; i < count; i++) {
    const voter = person('citizen', { mobileVerified: true });
    voters.push(voter);
    const camp = i % 2;
    for (let s = 0; s < statements; s++) {
      const agree = s === 0 || (s % 2 === 0) === (camp === 0);
      const noise = (i * 7 + s * 3) % 11 === 0;
      const vote: VoteChoice = noise ? 'pass' : agree ? 'agree' : 'disagree';
      await deps.registry.call(deliberationVote, { conversationId, statement: s, vote }, { actor: voter });
    }
  }
  return voters;
}

/** A real user (email verified; mobile verified when given) and a browser signed in as them. */
export async function signedInUser(
  t: TestApp,
  email: string,
  role: Actor['role'],
  options: { agencyCode?: string; mobile?: string } = {},
): Promise<{ browser: Browser; actor: Actor }> {
  const password = 'deliberation-test-password';
  const created = await t.deps.registry.call(userCreate, { email, password, role, ...options }, { actor: systemActor('cli') });
  const signedIn = await t.deps.registry.call(accountSignIn, { email, password }, { actor: null });
  if (!signedIn.ok) throw new Error(`sign-in failed for ${email}`);
  const browser = new Browser(t.app);
  browser['cookies'].set(SESSION_COOKIE, signedIn.session.token);
  const row = (await actorFactsByEmail(t.deps.services.db, email))!;
  const actor: Actor = { userId: created.userId, role, agencyId: row.agency_id, emailVerified: true, mobileVerified: !!options.mobile, via: 'session', level: 1 };
  return { browser, actor };
}

/** An API token for the actor (the way a third-party client authenticates). */
export async function apiToken(t: TestApp, actor: Actor): Promise<string> {
  const created = await t.deps.registry.call(apiTokenCreate, { name: 'test' }, { actor });
  return created.token;
}
