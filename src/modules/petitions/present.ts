// Turning stored rows into what lists, pages and the API show. Pure apart from its inputs.
import type { CalendarConfig } from '../../core/calendar.js';
import { endorsementState, responseState } from './model.js';
import { factsOf, type ProposalAgency, type ProposalRow } from './queries.js';
import type { ProposalSummary, Topic } from './schemas.js';

export type SummaryRow = Pick<
  ProposalRow,
  'id' | 'title' | 'status' | 'topic' | 'rules' | 'submitted_at' | 'approved_at' | 'endorsement_count' | 'stage' | 'established_at' | 'response_due_on' | 'extension_count' | 'responded_at' | 'closed_at'
>;

export const summaryColumns = [
  'id',
  'title',
  'status',
  'topic',
  'rules',
  'submitted_at',
  'approved_at',
  'endorsement_count',
  'stage',
  'established_at',
  'response_due_on',
  'extension_count',
  'responded_at',
  'closed_at',
] as const;

export function toSummary(row: SummaryRow, agencies: ProposalAgency[], now: Date, cal: CalendarConfig): ProposalSummary {
  const facts = factsOf(row as ProposalRow);
  const endorsement = endorsementState(facts, now, cal);
  const response = responseState(facts, now);
  return {
    id: row.id,
    title: row.title,
    // effectiveStatus(), without computing the endorsement state a second time.
    status: facts.status === 'endorsing' && endorsement.outcome === 'not_established' ? 'not_established' : facts.status,
    topic: (row.topic as Topic | null) ?? null,
    agencies: agencies.map((a) => ({ code: a.code, nameZh: a.nameZh, nameEn: a.nameEn, role: a.role })),
    endorsementCount: facts.endorsementCount,
    threshold: endorsement.finalTarget,
    approvedAt: row.approved_at,
    establishedAt: row.established_at,
    endorsementClosesOn: endorsement.closesOn,
    daysLeft: endorsement.phase === 'open' || endorsement.phase === 'frozen' || endorsement.phase === 'not_started' ? endorsement.daysLeft : 0,
    responseDueOn: row.response_due_on,
    respondedAt: row.responded_at,
    overdue: response?.overdue ?? false,
    url: `/proposals/${row.id}`,
  };
}
