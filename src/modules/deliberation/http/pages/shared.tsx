// What the deliberation pages share: links, the module's stylesheet and script, form helpers.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../../../core/actor.js';
import { AppError } from '../../../../core/errors.js';
import type { FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import type { Conversation, ConversationStatus } from '../../schemas.js';

export const ASSET_VERSION = '1';
export const CSS_PATH = `/deliberation/assets/deliberation.css?v=${ASSET_VERSION}`;
export const JS_PATH = `/assets/js/deliberation.js?v=${ASSET_VERSION}`;

export const conversationHref = (id: string, rest = '') => `/deliberation/${encodeURIComponent(id)}${rest}`;

/** The module's stylesheet; `<link rel="stylesheet">` is allowed in the body. */
export function Assets({ script }: { script?: boolean }) {
  return (
    <>
      <link rel="stylesheet" href={CSS_PATH} />
      {script && <script src={JS_PATH} defer />}
    </>
  );
}

export function StatusTag({ ctx, status }: { ctx: PageContext; status: ConversationStatus }) {
  // The word carries the meaning; the colour repeats it.
  const cls = status === 'open' ? 'bg-green' : status === 'scheduled' ? 'bg-accent-warm-dark' : 'bg-base-dark';
  return <span class={`usa-tag ${cls}`}>{ctx.t(`deliberation.status.${status}`)}</span>;
}

export const langAttr = (c: Pick<Conversation, 'language'>) => (c.language === 'en' ? 'en' : 'zh-Hant-TW');

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  return request.actor;
}

export function formText(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
}

/** AppErrors with field messages become a form to re-render (400/409); anything else goes on. */
export function formFailure(error: unknown, values: Record<string, unknown>): { status: number; state: FormState } {
  if (error instanceof AppError && error.fields.length > 0 && (error.code === 'INVALID' || error.code === 'CONFLICT')) {
    return { status: error.status, state: { values, errors: error.fields } };
  }
  throw error;
}

/** A path on this site to return to after a vote (hosted widgets, the embed page), else the fallback. */
export function safeReturnTo(raw: string, fallback: string): string {
  if (!raw || raw.length > 500 || !raw.startsWith('/') || raw.startsWith('//')) return fallback;
  for (const ch of raw) {
    const code = ch.charCodeAt(0);
    if (ch === '\\' || code < 0x20 || code === 0x7f) return fallback;
  }
  try {
    const base = 'http://same.invalid';
    const url = new URL(raw, base);
    const path = `${url.pathname}${url.search}${url.hash}`;
    return url.origin === base && !path.startsWith('//') ? path : fallback;
  } catch {
    return fallback;
  }
}

/** Asia/Taipei "YYYY-MM-DDTHH:mm" for a datetime-local input. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const t = new Date(Date.parse(iso) + 8 * 3_600_000);
  return t.toISOString().slice(0, 16);
}

/** A datetime-local value read as Asia/Taipei time, as ISO 8601 (or the raw text when malformed). */
export function fromLocalInput(value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) {
    const ms = Date.parse(`${v.length === 16 ? `${v}:00` : v}+08:00`);
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const ms = Date.parse(`${v}T00:00:00+08:00`);
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  return v;
}

export const formatPct = (v: number | null | undefined): string => (typeof v === 'number' && Number.isFinite(v) ? `${Math.round(v)}%` : '—');
