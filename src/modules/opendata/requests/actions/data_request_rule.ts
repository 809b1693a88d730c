import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../../core/action.js';
import { conflict, type FieldError } from '../../../../core/errors.js';
import { groupOf, statusAfterRuling } from '../requests.js';
import { moderator } from '../../../../core/access.js';
import { TEXT_MAX, literals, idInput, fail, requiredText, requireRequest, transition } from './shared.js';

export const dataRequestRule = defineAction({
  name: 'data_request_rule',
  input: Type.Object(
    {
      id: idInput,
      ruling: literals(['uphold', 'order_release'] as const),
      reason: Type.String({ maxLength: TEXT_MAX * 2 }),
    },
    { additionalProperties: false },
  ),
  caller: moderator,
  load: (ctx, input) => requireRequest(ctx, input.id),
  async run(ctx, input, row) {
    const next = statusAfterRuling(row.status, input.ruling);
    if (!next) throw conflict('opendata.requests.no_review');
    const errors: FieldError[] = [];
    const reason = requiredText(input.reason, 'reason', TEXT_MAX, errors);
    if (errors.length > 0) fail(errors);
    const kind = input.ruling === 'uphold' ? 'upheld' : 'release_ordered';
    // An order to release gives the agency a fresh decision period from the day of the order.
    await transition(ctx, row, next, { kind, by: groupOf(row.status), reason }, { restartClock: next === 'release_ordered' });
    return { id: row.id, status: next };
  },
});
