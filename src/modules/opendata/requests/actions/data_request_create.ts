import { Type } from '@sinclair/typebox';
import { defineAction, type ActionContext } from '../../../../core/action.js';
import type { FieldError } from '../../../../core/errors.js';
import { newId } from '../../../../core/ids.js';
import { findAgencyRef } from '../../queries.js';
import { decisionDueOn } from '../requests.js';
import { verifiedEmail } from '../../../../core/access.js';
import { TEXT_MAX, fail, requiredText, optionalText } from './shared.js';
import { opendataDb } from '../../tables.js';
import { accountNamesByIds } from '../../../accounts/published.js';

async function nicknameOf(ctx: ActionContext): Promise<string> {
  const user = (await accountNamesByIds(ctx.db, [ctx.actor!.userId])).get(ctx.actor!.userId);
  return (user?.nickname || '—').slice(0, 50);
}

// ---------------------------------------------------------------------------------------------
// Writing

export const dataRequestCreate = defineAction({
  name: 'data_request_create',
  input: Type.Object(
    {
      agency: Type.String({ maxLength: 100 }),
      title: Type.String({ maxLength: 400 }),
      description: Type.String({ maxLength: TEXT_MAX * 2 }),
      purpose: Type.Optional(Type.String({ maxLength: TEXT_MAX * 2 })),
    },
    { additionalProperties: false },
  ),
  caller: verifiedEmail,
  async run(ctx, input) {
    const errors: FieldError[] = [];
    const title = requiredText(input.title, 'title', 200, errors);
    const description = requiredText(input.description, 'description', TEXT_MAX, errors);
    const purpose = optionalText(input.purpose, 'purpose', 2000, errors);
    const agency = input.agency.trim() ? await findAgencyRef(opendataDb(ctx.db), input.agency.trim()) : undefined;
    if (!input.agency.trim()) errors.push({ field: 'agency', message: 'validation.required' });
    else if (!agency) errors.push({ field: 'agency', message: 'opendata.unknown_agency' });
    if (errors.length > 0 || !agency) fail(errors);
    const now = ctx.clock.now().toISOString();
    const id = newId();
    await opendataDb(ctx.db)
      .insertInto('od_data_requests')
      .values({
        id,
        agency_id: agency.id,
        requester_id: ctx.actor!.userId,
        requester_nickname: await nicknameOf(ctx),
        title,
        description,
        purpose,
        status: 'pending',
        decision_clock_from: now,
        submitted_at: now,
        updated_at: now,
      })
      .execute();
    await opendataDb(ctx.db)
      .insertInto('od_data_request_steps')
      .values({ id: newId(), request_id: id, seq: 1, kind: 'submitted', by_side: 'requester', legal_reason: null, reason: null, dataset_id: null, planned_on: null, terms: null, created_at: now })
      .execute();
    await ctx.audit({ action: 'data_request_submitted', subjectType: 'data_request', subjectId: id, data: { agencyId: agency.id, title } });
    return { id, dueOn: decisionDueOn(now) };
  },
});
