// Every user-facing string goes through t(). zh-TW is the default locale, en the second.
// Modules register their own messages; a test checks both locales have the same keys.
export const locales = ['zh-TW', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-TW';

export type Messages = Record<string, string>;

const catalog: Record<Locale, Messages> = { 'zh-TW': {}, en: {} };

export function registerMessages(messages: Record<Locale, Messages>): void {
  for (const locale of locales) Object.assign(catalog[locale], messages[locale]);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Looks up a key; unknown keys come back as-is so a literal message still shows. */
export function t(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const template = catalog[locale][key] ?? catalog[defaultLocale][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function hasMessage(key: string): boolean {
  return key in catalog[defaultLocale];
}

export function catalogKeys(locale: Locale): string[] {
  return Object.keys(catalog[locale]);
}

/** Picks the locale from an explicit choice, then the Accept-Language header, then the default. */
export function negotiateLocale(choice: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(choice)) return choice;
  if (acceptLanguage) {
    const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en';
  }
  return defaultLocale;
}
