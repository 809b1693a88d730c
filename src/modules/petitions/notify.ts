// Notices by e-mail, sent exactly once. Each one first claims a key in proposal_notices (a unique
// primary key) in the same transaction that writes the message to the outbox, so a second run, a
// second process or a retry after a crash finds the key taken and sends nothing.
//
// Step notices follow proposal_events: an event with notified_at null still owes notices. Followers
// are paged (a viral proposal can have very many), each page in its own short transaction; the event
// is marked notified when the last page is done. Time notices (review overdue, response due soon or
// overdue) are keyed by proposal and deadline, so a new deadline after an extension warns again.
import type { Services } from '../../core/action.js';
import { formatDate } from '../../core/calendar.js';
import { isLocale, t, type Locale } from '../../core/i18n/index.js';
import { agencyStaff, claimNotice, followersAfter, usersByIds, type Recipient } from './queries.js';
import type { ProposalEventsTable } from './tables.js';
import { petitionsDb, type PetitionsDb } from './tables.js';

const PAGE = 500;

export interface Notice {
  subjectKey: string;
  bodyKey: string;
  params?: Record<string, string | number>;
  /** Parameters that are dates, shown in the recipient's language. */
  dates?: Record<string, string>;
  /** Parameters that are message keys (reasons, outcomes), translated for the recipient. */
  keys?: Record<string, string[]>;
}

function render(locale: Locale, notice: Notice): { subject: string; text: string } {
  const params: Record<string, string | number> = { ...notice.params };
  for (const [name, day] of Object.entries(notice.dates ?? {})) params[name] = formatDate(day, locale);
  for (const [name, keys] of Object.entries(notice.keys ?? {})) params[name] = keys.map((k) => t(locale, k)).join(locale === 'zh-TW' ? '、' : ', ');
  return { subject: t(locale, notice.subjectKey, params), text: t(locale, notice.bodyKey, params) };
}

/** Queues one notice per recipient whose key is new. Returns how many were queued. */
export async function sendOnce(trx: PetitionsDb, services: Services, proposalId: string, keyPrefix: string, recipients: Recipient[], notice: Notice): Promise<number> {
  let sent = 0;
  const now = services.clock.now().toISOString();
  for (const r of recipients) {
    if (!(await claimNotice(trx, `${keyPrefix}:${r.userId}`, proposalId, now))) continue;
    const locale: Locale = isLocale(r.locale) ? r.locale : 'zh-TW';
    const { subject, text } = render(locale, notice);
    await services.mail.queue(trx, { to: r.email, subject, text });
    sent += 1;
  }
  return sent;
}

type EventRow = ProposalEventsTable;

interface ProposalInfo {
  id: string;
  title: string;
  proposer_id: string;
}

function eventNotice(services: Services, event: EventRow, proposal: ProposalInfo): Notice {
  const data = JSON.parse(event.data) as Record<string, unknown>;
  const url = `${services.config.baseUrl}/proposals/${proposal.id}`;
  const notice: Notice = {
    subjectKey: `petitions.notice.${event.kind}.subject`,
    bodyKey: `petitions.notice.${event.kind}.body`,
    params: { title: proposal.title, url, count: Number(data.count ?? 0), note: String(data.note ?? ''), duplicateUrl: '' },
    dates: {},
    keys: {},
  };
  if (typeof data.newDueOn === 'string') notice.dates!.newDueOn = data.newDueOn;
  if (typeof data.dueOn === 'string') notice.dates!.dueOn = data.dueOn;
  if (typeof data.heldOn === 'string') notice.dates!.heldOn = data.heldOn;
  if (Array.isArray(data.reasons)) notice.keys!.reasons = (data.reasons as string[]).map((r) => `petitions.hide_reason.${r}`);
  if (typeof data.outcome === 'string') notice.keys!.outcome = [`petitions.outcome.${data.outcome}`];
  if (typeof data.duplicateOf === 'string') notice.params!.duplicateUrl = `${services.config.baseUrl}/proposals/${data.duplicateOf}`;
  return notice;
}

/** Who hears about a step besides the followers. */
async function directRecipients(db: PetitionsDb, event: EventRow, proposal: ProposalInfo): Promise<{ recipients: Recipient[]; followers: boolean }> {
  switch (event.kind) {
    case 'submitted':
    case 'hidden':
      return { recipients: await usersByIds(db, [proposal.proposer_id]), followers: false };
    case 'established': {
      const agencies = await db.selectFrom('proposal_agencies').select('agency_id').where('proposal_id', '=', proposal.id).execute();
      return { recipients: await agencyStaff(db, agencies.map((a) => a.agency_id)), followers: true };
    }
    case 'created':
      return { recipients: [], followers: false };
    default:
      return { recipients: [], followers: true };
  }
}

async function deliverEvent(services: Services, event: EventRow): Promise<number> {
  const db = petitionsDb(services.db);
  const proposal = await db.selectFrom('proposals').select(['id', 'title', 'proposer_id']).where('id', '=', event.proposal_id).executeTakeFirst();
  if (!proposal) return 0;
  const notice = eventNotice(services, event, proposal);
  const { recipients, followers } = await directRecipients(db, event, proposal);
  let sent = 0;
  if (recipients.length > 0) {
    sent += await db.transaction().execute((trx) => sendOnce(trx, services, proposal.id, `event:${event.id}`, recipients, notice));
  }
  if (followers) {
    let after = '';
    for (;;) {
      const page = await followersAfter(db, proposal.id, after, PAGE);
      if (page.recipients.length > 0) sent += await db.transaction().execute((trx) => sendOnce(trx, services, proposal.id, `event:${event.id}`, page.recipients, notice));
      if (page.lastUserId === null) break;
      after = page.lastUserId;
    }
  }
  await db.updateTable('proposal_events').set({ notified_at: services.clock.now().toISOString() }).where('id', '=', event.id).where('notified_at', 'is', null).execute();
  return sent;
}

/** Sends what pending steps owe. Safe to run at any time, from any number of processes. */
export async function deliverStepNotices(services: Services, options: { proposalId?: string; limit?: number } = {}): Promise<number> {
  let query = petitionsDb(services.db).selectFrom('proposal_events').selectAll().where('notified_at', 'is', null);
  if (options.proposalId) query = query.where('proposal_id', '=', options.proposalId);
  const events = await query.orderBy('at').orderBy('id').limit(options.limit ?? 100).execute();
  let sent = 0;
  for (const event of events) sent += await deliverEvent(services, event);
  return sent;
}
