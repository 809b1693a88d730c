import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { conflict, type FieldError } from '../../../../core/errors.js';
import { escalationTarget } from '../requests.js';
import { signedIn } from '../../../../core/access.js';
import { mayEscalateRequest } from '../../policy.js';
import { TEXT_MAX, idInput, fail, optionalText, findRequest, factsOf, transition } from './shared.js';

export const dataRequestEscalate = defineAction({
  name: 'data_request_escalate',
  input: Type.Object({ id: idInput, reason: Type.Optional(Type.String({ maxLength: TEXT_MAX * 2 })) }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => findRequest(ctx, input.id),
  policy: (ctx, _input, row) => mayEscalateRequest(ctx.actor, row),
  async run(ctx, input, found) {
    const row = found!;
    const target = escalationTarget(factsOf(row), ctx.clock.now());
    if (!target) throw conflict('opendata.requests.cannot_escalate');
    const errors: FieldError[] = [];
    const reason = optionalText(input.reason, 'reason', TEXT_MAX, errors);
    if (errors.length > 0) fail(errors);
    const kind = target === 'review_agency_group' ? 'escalated_agency_group' : 'escalated_top_group';
    await transition(ctx, row, target, { kind, by: 'requester', reason });
    return { id: row.id, status: target };
  },
});
