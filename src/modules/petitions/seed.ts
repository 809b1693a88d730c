// Demo data: realistic zh-TW proposals in every state — in review, endorsing, 成案 awaiting the
// moda's answer, answered with follow-ups, overdue, not established, hidden. Their history is played
// through the real actions on a clock that starts months ago and stops at now, so every date,
// deadline, event and audit record is what the platform would have produced.
//
// Demo endorsers are 30 accounts (endorser01…30@demo.opengov.tw, password demo-endorser-pass),
// created through the accounts module's registered actions. So that proposals can reach 成案 with
// them, the demo proposals that did were submitted under a demo threshold of 20 (each proposal keeps
// the rules it was submitted under); the setting is back to the default before the seed ends.
import type { Services } from '../../core/action.js';
import { systemActor, type Actor } from '../../core/actor.js';
import { FakeClock } from '../../core/clock.js';
import { Registry } from '../../core/registry.js';
import type { AppDeps } from '../../manifest.js';
import { petitionSettingsUpdate } from './actions/petition_settings.js';
import { proposalCreate } from './actions/proposal_create.js';
import { proposalEndorse } from './actions/proposal_endorse.js';
import { proposalExtend } from './actions/proposal_extend.js';
import { proposalFollowupUpdate } from './actions/proposal_followup_update.js';
import { proposalMeetingAdd } from './actions/proposal_meeting_add.js';
import { proposalRespond } from './actions/proposal_respond.js';
import { proposalApprove, proposalHide } from './actions/proposal_review.js';
import { proposalShow } from './actions/proposal_show.js';
import { proposalSweep } from './actions/proposal_sweep.js';
import { proposalComment } from './actions/proposal_comment.js';
import { proposalSubmit } from './actions/proposal_submit.js';
import { defaultSettings } from './settings.js';
import { publishToCatalog } from './sweep.js';
import { petitionsDb } from './tables.js';
import { actorFactsByEmail } from '../accounts/published.js';
import { allAgencies } from '../agencies/published.js';

const DAY = 86_400_000;
const ENDORSERS = 30;
const DEMO_THRESHOLD = 20;

interface DemoProposal {
  key: string;
  title: string;
  content: string;
  benefits: string;
  topic: string;
  agencyCodes: string[];
  links?: Array<{ url: string; label: string }>;
}

const proposals: Record<string, DemoProposal> = {
  answered: {
    key: 'answered',
    title: '政府網站與行動應用程式全面符合無障礙規範',
    content:
      '許多政府網站與 App 仍未通過無障礙檢測，視障者與高齡者難以使用。建議：\n\n- 所有中央與地方機關網站於兩年內通過 AA 等級檢測\n- 新開發的政府 App 在上線前必須完成無障礙檢測\n- 公開各機關的檢測結果，讓民眾監督',
    benefits: '讓身心障礙者與高齡者也能平等使用數位政府服務，減少臨櫃排隊與代辦的負擔。',
    topic: 'digital',
    agencyCodes: ['moda', 'ndc'],
    links: [{ url: 'https://accessibility.moda.gov.tw/', label: '數位發展部無障礙專區' }],
  },
  awaiting: {
    key: 'awaiting',
    title: '開放公車與捷運即時到站資料的統一 API',
    content: '各縣市公車與捷運的即時資料格式不一，開發者要分別串接。建議由中央建立統一的即時到站 API，並以開放授權提供。',
    benefits: '乘車資訊 App 可以一次涵蓋全臺，偏鄉路線也能被看見；減少各地重複開發的經費。',
    topic: 'transport',
    agencyCodes: ['moda', 'motc'],
    links: [{ url: 'https://tdx.transportdata.tw/', label: '運輸資料流通服務平臺' }],
  },
  overdue: {
    key: 'overdue',
    title: '新式身分證換發應保留無晶片的選擇',
    content: '新式數位身分證將內建晶片。建議換發時讓民眾可以選擇不含晶片的版本，並說明晶片內存放的資料。',
    benefits: '尊重民眾對個人資料的自主選擇，提升新證件的信任。',
    topic: 'government',
    agencyCodes: ['moi'],
  },
  endorsing: {
    key: 'endorsing',
    title: '夜市與觀光市集全面禁用一次性塑膠餐具',
    content: '夜市每天產生大量一次性塑膠餐具。建議分階段禁用，並補助攤商改用可重複使用或可分解的餐具。',
    benefits: '減少塑膠垃圾與海洋污染，提升夜市觀光形象。',
    topic: 'environment',
    agencyCodes: ['moenv', 'moea'],
  },
  notEstablished: {
    key: 'notEstablished',
    title: '高速公路舊收費站改建為公共休息區',
    content: '國道計程收費後，部分舊收費站用地閒置。建議改建為有廁所與充電樁的小型休息區。',
    benefits: '讓長途駕駛有更多休息點，降低疲勞駕駛的風險。',
    topic: 'transport',
    agencyCodes: ['motc'],
  },
  hidden: {
    key: 'hidden',
    title: '購買我的保健食品享優惠',
    content: '本公司推出最新保健食品，限時優惠，歡迎選購。',
    benefits: '身體健康。',
    topic: 'other',
    agencyCodes: ['mohw'],
  },
  inReview: {
    key: 'inReview',
    title: '延長產假並讓父母可彈性分配育嬰假',
    content: '建議將產假延長為十二週，並讓父母雙方可以彈性分配育嬰留職停薪的期間。',
    benefits: '減輕新手父母的負擔，鼓勵生育，也讓父親更能參與育兒。',
    topic: 'labour',
    agencyCodes: ['mol', 'mohw'],
  },
};

export async function seedDemoProposals(deps: AppDeps): Promise<void> {
  const db = petitionsDb(deps.services.db);
  if (await db.selectFrom('proposals').select('id').limit(1).executeTakeFirst()) return;
  const codes = new Set((await allAgencies(db)).map((a) => a.code));
  if (!['moda', 'motc', 'moi', 'moenv', 'mohw', 'mol'].every((c) => codes.has(c))) return;
  const citizen = await actorFactsByEmail(db, 'citizen@demo.opengov.tw');
  const moderator = await actorFactsByEmail(db, 'moderator@demo.opengov.tw');
  const modaStaff = await actorFactsByEmail(db, 'moda-staff@demo.opengov.tw');
  if (!citizen || !moderator || !modaStaff || !deps.registry.has('user_create') || !deps.registry.has('me_update')) return;

  const actorOf = (u: { id: string; role: Actor['role']; agency_id: string | null }): Actor => ({ userId: u.id, role: u.role, agencyId: u.agency_id, emailVerified: true, mobileVerified: true, via: 'cli', level: 2 });
  const proposer = actorOf(citizen);
  // The demo citizen completes the profile a proposer needs (the same action the profile page uses).
  await deps.registry.call('me_update', { phone: '02-2311-2345', address: '臺北市中正區寶慶路3號' }, { actor: proposer });

  const endorsers: Actor[] = [];
  for (let i = 1; i <= ENDORSERS; i++) {
    const email = `endorser${String(i).padStart(2, '0')}@demo.opengov.tw`;
    let row = await actorFactsByEmail(db, email);
    if (!row) {
      await deps.registry.call('user_create', { email, password: 'demo-endorser-pass', role: 'citizen', nickname: `附議者${i}`, nationality: 'roc' }, { actor: systemActor('cli') });
      row = (await actorFactsByEmail(db, email))!;
    }
    endorsers.push(actorOf(row));
  }

  // A registry whose clock starts 130 days ago; the story below moves it forward to now.
  const end = deps.services.clock.now().getTime();
  const clock = new FakeClock(new Date(end - 130 * DAY));
  const services: Services = { ...deps.services, clock };
  const registry = new Registry(services);
  registry.register(proposalCreate, proposalSubmit, proposalApprove, proposalHide, proposalEndorse, proposalExtend, proposalMeetingAdd, proposalRespond, proposalFollowupUpdate, proposalShow, proposalSweep, proposalComment, petitionSettingsUpdate);
  const at = (daysAgo: number, hour = 10) => clock.set(new Date(Math.floor((end - daysAgo * DAY) / DAY) * DAY + (hour - 8) * 3_600_000));
  const cli = systemActor('cli');
  const moderatorActor = actorOf(moderator);
  const staff = actorOf(modaStaff);
  const setThreshold = async (threshold: number, days = 60) => {
    await registry.call(petitionSettingsUpdate, { rules: { stages: [{ threshold, days }] } }, { actor: cli });
  };
  const propose = async ({ key: _key, ...fields }: DemoProposal) => (await registry.call(proposalCreate, { ...fields, submit: true } as never, { actor: proposer })).id as string;
  const endorse = async (id: string, people: Actor[], fromDaysAgo: number, comments: string[] = []) => {
    for (const [i, person] of people.entries()) {
      clock.set(new Date(end - (fromDaysAgo - i * 0.3) * DAY));
      await registry.call(proposalEndorse, { proposalId: id, ...(comments[i] && { comment: comments[i] }) }, { actor: person });
    }
  };

  try {
    await setThreshold(DEMO_THRESHOLD);

    // Answered, with a meeting, one extension and follow-up actions under way.
    at(125);
    const answered = await propose(proposals.answered);
    at(124);
    await registry.call(proposalApprove, { proposalId: answered }, { actor: moderatorActor });
    await endorse(answered, endorsers.slice(0, 24), 123, ['視障朋友真的很需要', '', '支持，長輩也用得到', '', '', '希望地方政府也跟進']);
    at(95);
    await registry.call(proposalMeetingAdd, { proposalId: answered, heldOn: dateOf(end - 95 * DAY), participants: '提議人王小明、數位發展部數位政府司、身心障礙團體代表', minutesUrl: 'https://www.moda.gov.tw/' }, { actor: staff });
    at(66);
    const view = await registry.call(proposalShow, { proposalId: answered }, { actor: staff });
    await registry.call(proposalExtend, { proposalId: answered, newDueOn: addDays(view.responseDueOn!, 30), reasons: '需與國家發展委員會及各地方政府協調檢測期程。' }, { actor: staff });
    at(50);
    await registry.call(
      proposalRespond,
      {
        proposalId: answered,
        outcome: 'partial',
        reasons: '本部同意推動政府網站無障礙，**中央機關網站**將於一年內完成 AA 等級檢測並公開結果；地方政府部分將以輔導及補助方式推動。\n\nApp 上線前檢測將納入採購契約範本。',
        followUps: [
          { description: '中央機關網站完成 AA 等級檢測', dueOn: dateOf(end + 200 * DAY) },
          { description: '公開各機關檢測結果儀表板', dueOn: dateOf(end - 10 * DAY) },
          { description: '修訂資訊服務採購契約範本', dueOn: dateOf(end + 60 * DAY) },
        ],
      },
      { actor: staff },
    );
    at(48);
    await registry.call(proposalComment, { proposalId: answered, body: '謝謝回應，期待地方政府也有明確時程。' }, { actor: endorsers[2] });
    at(12);
    const answeredView = await registry.call(proposalShow, { proposalId: answered }, { actor: null });
    const [first, second] = answeredView.response!.followUps;
    await registry.call(proposalFollowupUpdate, { proposalId: answered, followupId: second.id, status: 'done', note: '儀表板已上線。' }, { actor: staff });
    await registry.call(proposalFollowupUpdate, { proposalId: answered, followupId: first.id, status: 'in_progress', note: '已完成 32 個機關的檢測。' }, { actor: staff });

    // 成案, overdue: moi never answered.
    at(85);
    const overdue = await propose(proposals.overdue);
    at(84);
    await registry.call(proposalApprove, { proposalId: overdue }, { actor: moderatorActor });
    await endorse(overdue, endorsers.slice(5, 27), 83);

    // 成案, waiting for moda's answer (the demo agency account can answer it).
    at(28);
    const awaiting = await propose(proposals.awaiting);
    at(27);
    await registry.call(proposalApprove, { proposalId: awaiting }, { actor: moderatorActor });
    await endorse(awaiting, endorsers.slice(0, 22), 26, ['開發者們期待已久', '', '偏鄉公車資訊很重要']);
    at(26, 20);
    await registry.call(proposalComment, { proposalId: awaiting, body: '建議 API 也提供歷史資料下載。' }, { actor: endorsers[10] });

    await setThreshold(defaultSettings().rules.stages[0].threshold, defaultSettings().rules.stages[0].days);

    // Not established: the window ended with few endorsements.
    at(80);
    const notEstablished = await propose(proposals.notEstablished);
    at(79);
    await registry.call(proposalApprove, { proposalId: notEstablished }, { actor: moderatorActor });
    await endorse(notEstablished, endorsers.slice(0, 8), 70);

    // Open for endorsement, with some endorsements.
    at(9);
    const endorsing = await propose(proposals.endorsing);
    at(8);
    await registry.call(proposalApprove, { proposalId: endorsing }, { actor: moderatorActor });
    await endorse(endorsing, endorsers.slice(0, 14), 7, ['夜市垃圾真的很多', '', '', '支持分階段實施']);

    // Hidden with reasons, and one in review.
    at(4);
    const hidden = await propose(proposals.hidden);
    at(3);
    await registry.call(proposalHide, { proposalId: hidden, reasons: ['commercial', 'unclear_or_personal'], note: '內容為商品廣告，不符合平臺提議的範圍。' }, { actor: moderatorActor });
    at(1);
    await propose(proposals.inReview);

    clock.set(new Date(end));
    await registry.call(proposalSweep, {}, { actor: systemActor() });
    await publishToCatalog(deps).catch((error) => deps.services.logger.warn({ err: error }, 'petitions: demo datasets not listed in the catalog'));
  } finally {
    clock.set(new Date(end));
    await registry.call(petitionSettingsUpdate, { rules: defaultSettings().rules }, { actor: cli });
  }
}

function dateOf(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}
