// A page context for rendering kit components in unit tests.
import { coreMessages } from '../../core/i18n/core-messages.js';
import { registerMessages, type Locale } from '../../core/i18n/index.js';
import { makeTranslator, type PageContext } from '../context.js';

registerMessages(coreMessages);

export function pageContextFor(path: string, query = '', locale: Locale = 'en'): PageContext {
  return { locale, t: makeTranslator(locale), actor: null, viewer: null, csrfToken: 'csrf-token', path, query: new URLSearchParams(query), nav: [], flashes: [] };
}
