// What people write is stored as they wrote it: line ends unified, Unicode in NFC, outer whitespace
// trimmed, and nothing else changed. Pages escape it when they render it (Preact does), so "a<b" and
// "<script>" are shown as the text they are. Characters nobody types on purpose (NUL and other controls,
// lone surrogates) are refused with a field error rather than dropped without a word.
import { AppError, type FieldError } from './errors.js';

// C0/C1 controls except tab and newline (carriage returns are turned into newlines first), and lone surrogates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Line ends as \n, NFC, trimmed: changes nothing a reader would see. */
export function normalizeUserText(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC').trim();
}

/** The field error for text holding control characters or lone surrogates, if it does. */
export function userTextProblem(text: string, field: string): FieldError | undefined {
  return CONTROL.test(text) ? { field, message: 'validation.control_characters' } : undefined;
}

/** Multi-line text as written (normalised), or INVALID naming the field when it holds control characters. */
export function userText(text: string, field: string): string {
  const problem = userTextProblem(text.replace(/\r\n?/g, '\n'), field);
  if (problem) throw new AppError('INVALID', 'error.invalid_input', [problem]);
  return normalizeUserText(text);
}

/** One-line text (titles, names, labels): as {@link userText}, with whitespace runs as one space. */
export function userLine(text: string, field: string): string {
  return userText(text, field).replace(/\s+/g, ' ');
}
