import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Browser } from './helpers.js';
import { seedDemo } from '../src/platform.js';
import { systemActor } from '../src/core/actor.js';
import { deliberationCreate } from '../src/modules/deliberation/actions/conversations.js';
import { allTables } from './all-tables.js';

test('a proposal page hosts the conversation that links to it, through the deliberation manifest', async () => {
  const t = await createTestApp();
  try {
    await seedDemo(t.deps);
    const db = t.deps.services.db;
    const [withTalk, without] = await allTables(db).selectFrom('proposals').select(['id', 'title']).where('status', 'in', ['endorsing', 'established']).orderBy('id').limit(2).execute();
    assert.ok(withTalk && without, 'the demo has public proposals');
    const talk = await t.deps.registry.call(
      deliberationCreate,
      {
        topic: '這件提議該怎麼落實？',
        agencyCode: 'moda',
        links: [{ title: withTalk.title, url: `${t.config.baseUrl}/proposals/${withTalk.id}` }],
        seedStatements: ['應先在一個縣市試辦。', '應該全國同步上路。'],
      },
      { actor: systemActor() },
    );

    const page = await t.app.inject({ method: 'GET', url: `/proposals/${withTalk.id}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /一起討論這個議題/);
    assert.match(page.body, /這件提議該怎麼落實？/);
    assert.ok(page.body.includes(`href="/deliberation/${talk.id}"`));
    assert.match(page.body, /登入/, 'anonymous readers are asked to sign in to take part');

    const other = await t.app.inject({ method: 'GET', url: `/proposals/${without.id}?lang=en` });
    assert.doesNotMatch(other.body, /Discuss this together/, 'a proposal nobody links to hosts nothing');

    // A signed-in citizen votes from the proposal page and comes back to it.
    const browser = new Browser(t.app);
    await browser.submit('/signin', '/signin', { email: 'citizen@demo.opengov.tw', password: 'demo-citizen-pass' });
    const signedIn = await browser.get(`/proposals/${withTalk.id}`);
    assert.match(signedIn.body, /應先在一個縣市試辦。|應該全國同步上路。/);
    const statement = /name="statement" value="(\d+)"/.exec(signedIn.body)?.[1];
    assert.ok(statement, 'the voting card is on the proposal page');
    assert.ok(signedIn.body.includes(`name="return_to" value="/proposals/${withTalk.id}"`));
    const voted = await browser.submit(`/proposals/${withTalk.id}`, `/deliberation/${talk.id}/vote`, { statement, vote: 'agree', return_to: `/proposals/${withTalk.id}` });
    assert.equal(voted.statusCode, 303);
    assert.equal(voted.headers.location, `/proposals/${withTalk.id}`);
    const votes = await allTables(db).selectFrom('deliberation_votes').select('vote').where('conversation_id', '=', talk.id).execute();
    assert.deepEqual(votes.map((v) => v.vote), [1]);
  } finally {
    await t.close();
  }
});
