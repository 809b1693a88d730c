import { formatDate, formatDateTime } from '../../core/calendar.js';
import type { PageContext } from '../context.js';

/** A date with the ROC year beside the Gregorian one on zh-TW pages. */
export function DateText({ ctx, value, withTime }: { ctx: PageContext; value: string | Date | null | undefined; withTime?: boolean }) {
  if (!value) return <span>—</span>;
  const date = typeof value === 'string' && value.length > 10 ? new Date(value) : value;
  const iso = date instanceof Date ? date.toISOString() : date;
  const text = withTime && date instanceof Date ? formatDateTime(date, ctx.locale) : formatDate(date, ctx.locale);
  return <time dateTime={iso}>{text}</time>;
}
