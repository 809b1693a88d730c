// Turning the proposer's input into stored values: cleaned text, checked links, known agencies.
import type { Static } from '@sinclair/typebox';
import type { ActionContext } from '../../../core/action.js';
import { AppError, type FieldError } from '../../../core/errors.js';
import { userLine, userText } from '../../../core/text.js';
import { agenciesByCodes, type AgencyRow } from '../queries.js';
import { LIMITS, type DraftFields, type LinkSchema } from '../schemas.js';
import { safeHref } from '../text.js';

type DraftInput = { [K in keyof typeof DraftFields]?: Static<(typeof DraftFields)[K]> };

export interface CleanDraft {
  title?: string;
  content?: string;
  benefits?: string;
  links?: string;
  topic?: string | null;
  agencies?: AgencyRow[];
}

export function cleanLinks(links: Static<typeof LinkSchema>[]): Array<{ url: string; label: string | null }> {
  const out: Array<{ url: string; label: string | null }> = [];
  for (const link of links) {
    const url = safeHref(link.url.trim());
    if (!url) continue;
    if (out.some((l) => l.url === url)) continue;
    const label = link.label ? userLine(link.label, 'links') : '';
    out.push({ url, label: label || null });
  }
  return out;
}

/** Agencies by code in the given order; unknown, repeated or too many codes are field errors. */
export async function resolveAgencies(ctx: ActionContext, codes: string[], field = 'agencyCodes'): Promise<AgencyRow[]> {
  const wanted = codes.map((c) => c.trim()).filter((c) => c !== '');
  if (wanted.length > LIMITS.agencies) throw new AppError('INVALID', 'error.invalid_input', [{ field, message: 'petitions.agencies.too_many', params: { max: LIMITS.agencies } }]);
  if (new Set(wanted).size !== wanted.length) throw new AppError('INVALID', 'error.invalid_input', [{ field, message: 'petitions.agencies.repeated' }]);
  const found = await agenciesByCodes(ctx.db, wanted);
  const byCode = new Map(found.map((a) => [a.code, a]));
  const missing = wanted.filter((c) => !byCode.has(c));
  if (missing.length > 0) throw new AppError('INVALID', 'error.invalid_input', [{ field, message: 'petitions.agencies.unknown', params: { codes: missing.join(', ') } }]);
  return wanted.map((c) => byCode.get(c)!);
}

export async function cleanDraft(ctx: ActionContext, input: DraftInput): Promise<CleanDraft> {
  const out: CleanDraft = {};
  if (input.title !== undefined) out.title = userLine(input.title, 'title');
  if (input.content !== undefined) out.content = userText(input.content, 'content');
  if (input.benefits !== undefined) out.benefits = userText(input.benefits, 'benefits');
  if (input.links !== undefined) out.links = JSON.stringify(cleanLinks(input.links));
  if (input.topic !== undefined) out.topic = input.topic;
  if (input.agencyCodes !== undefined) out.agencies = await resolveAgencies(ctx, input.agencyCodes);
  return out;
}

/** The four required parts of a proposal, checked when it is submitted. */
export function missingForSubmission(p: { title: string; content: string; benefits: string; agencyCount: number }): FieldError[] {
  const errors: FieldError[] = [];
  if (!p.title.trim()) errors.push({ field: 'title', message: 'validation.required' });
  if (!p.content.trim()) errors.push({ field: 'content', message: 'validation.required' });
  if (!p.benefits.trim()) errors.push({ field: 'benefits', message: 'validation.required' });
  if (p.agencyCount === 0) errors.push({ field: 'agencyCodes', message: 'petitions.agencies.required' });
  if (p.agencyCount > LIMITS.agencies) errors.push({ field: 'agencyCodes', message: 'petitions.agencies.too_many', params: { max: LIMITS.agencies } });
  return errors;
}
