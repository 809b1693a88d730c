// Demo data: one open conversation (zh-TW) hosted by moda, with a dozen statements and a few
// hundred votes from synthetic participants with planted opinion groups, so the report shows
// groups on `npm start`.
import { systemActor } from '../../core/actor.js';
import { taipeiDateOf } from '../../core/calendar.js';
import { newId } from '../../core/ids.js';
import type { AppDeps } from '../../manifest.js';
import { deliberationCreate } from './actions/conversations.js';
import { mathRunnerFor } from './math-runner.js';
import { Random } from './math/random.js';
import { deliberationDb } from './tables.js';
import { agencyRefByCode } from '../agencies/published.js';

export const DEMO_TOPIC = '公共數位服務：如何兼顧便利、開放與隱私？';

// Leaning of three planted groups per statement: + agree, - disagree, 0 undecided.
const statements: [string, string][] = [
  ['政府應該把更多行政資料以開放格式公開。', '+++'],
  ['使用數位身分辦理線上服務時，應該一律保留不用數位身分的選擇。', '+-0'],
  ['個人資料被哪些機關查詢過，應該讓本人隨時查得到。', '+++'],
  ['為了行政效率，機關之間可以自動交換民眾資料，不必每次取得本人同意。', '-+-'],
  ['公共服務的程式碼應該以開放原始碼釋出。', '+0+'],
  ['線上申辦普及後，仍應保留臨櫃辦理給不熟悉數位工具的人。', '+++'],
  ['政府應該優先採購國內廠商的雲端服務。', '-+0'],
  ['開放資料應該提供 API，而不只是檔案下載。', '++0'],
  ['政府用人工智慧輔助行政決定時，應該公開演算法與訓練資料的來源。', '+-+'],
  ['數位服務的使用紀錄可以用來改善服務，但必須先去識別化。', '0++'],
  ['地方政府應該和中央採用同一套數位服務平臺。', '-+-'],
  ['公民討論的結果，主辦機關應該在期限內正式回應。', '+0+'],
];

const DESCRIPTION = `數位發展部想聽聽大家對公共數位服務的看法。

- 對每一則陳述表示**同意**、**不同意**或**略過**
- 也可以提出你自己的陳述（審核後顯示）
- 結果頁會即時顯示意見分群與共識

背景資料請見[政府資料開放平臺](https://data.gov.tw/)。`;

export async function seedDemoDeliberation(deps: AppDeps): Promise<void> {
  const { clock } = deps.services;
  const db = deliberationDb(deps.services.db);
  const exists = await db.selectFrom('deliberation_conversations').select('id').where('topic', '=', DEMO_TOPIC).executeTakeFirst();
  if (exists) return;
  const moda = await agencyRefByCode(db, 'moda');
  if (!moda) return;
  const now = clock.now();
  const conversation = await deps.registry.call(
    deliberationCreate,
    {
      agencyCode: 'moda',
      topic: DEMO_TOPIC,
      description: DESCRIPTION,
      language: 'zh-TW',
      links: [{ title: '政府資料開放平臺', url: 'https://data.gov.tw/' }],
      opensAt: new Date(now.getTime() - 14 * 86_400_000).toISOString(),
      closesAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
      participation: 'signed_in',
      moderation: 'strict',
      participantStatements: true,
      statementMaxLength: 140,
      seedStatements: statements.map(([text]) => text),
    },
    { actor: systemActor('cli') },
  );

  // Synthetic participants (no accounts) with planted groups of 26, 20 and 14 people.
  const random = new Random(2026);
  const groupOf = (i: number) => (i < 26 ? 0 : i < 46 ? 1 : 2);
  const participants = Array.from({ length: 60 }, (_, i) => i);
  const votes: { participant: number; statement: number; vote: number; at: Date }[] = [];
  const firstVote = new Map<number, Date>();
  for (const p of participants) {
    const start = now.getTime() - (13 - Math.floor((p / participants.length) * 13)) * 86_400_000 - random.int(3_600_000 * 8);
    statements.forEach(([, leanings], s) => {
      if (random.next() < 0.2) return;
      const leaning = leanings[groupOf(p)];
      const [pa, pd] = leaning === '+' ? [0.82, 0.08] : leaning === '-' ? [0.1, 0.8] : [0.35, 0.35];
      const u = random.next();
      const vote = u < pa ? 1 : u < pa + pd ? -1 : 0;
      const at = new Date(start + s * 45_000);
      if (!firstVote.has(p)) firstVote.set(p, at);
      votes.push({ participant: p, statement: s, vote, at });
    });
  }
  await db
    .insertInto('deliberation_participants')
    .values(participants.map((p) => ({ id: newId(), conversation_id: conversation.id, number: p, user_id: null, source_group: null, created_at: firstVote.get(p)!.toISOString(), day: taipeiDateOf(firstVote.get(p)!) })))
    .execute();
  votes.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (let i = 0; i < votes.length; i += 200) {
    await db
      .insertInto('deliberation_votes')
      .values(
        votes.slice(i, i + 200).map((v, k) => ({
          conversation_id: conversation.id,
          participant: v.participant,
          statement: v.statement,
          vote: v.vote,
          seq: i + k + 1,
          created_at: v.at.toISOString(),
          updated_at: v.at.toISOString(),
          day: taipeiDateOf(v.at),
        })),
      )
      .execute();
  }
  await db.updateTable('deliberation_conversations').set({ next_participant: participants.length, vote_seq: votes.length }).where('id', '=', conversation.id).execute();
  await mathRunnerFor(deps.services).runNow(conversation.id, { full: true });
}
