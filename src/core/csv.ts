// The one CSV writer. Every CSV the platform serves is written here, so every download is safe to
// open in a spreadsheet: a text cell that starts with = + - @, a tab or a carriage return would be
// read as a formula (CSV injection, OWASP), so it gets a leading apostrophe. Numbers stay numbers
// (-0.5 is data, not a formula); the JSON downloads keep every value exactly as stored.
import { stringify, type Options } from 'csv-stringify/sync';

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text as a spreadsheet will show it, never as a formula. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export interface CsvOptions {
  /** A UTF-8 byte-order mark first, so spreadsheet programs read Chinese text as UTF-8. */
  bom?: boolean;
  /** Rows are objects: these keys, in this order, with a header line (even when there are no rows). */
  columns?: readonly string[];
  /** Booleans as `true`/`false` rather than csv-stringify's `1`/empty. */
  booleanWords?: boolean;
}

/** CSV text of the rows: fields quoted only where they must be, `\n` line ends, formulas neutralised. */
export function csvText(rows: ReadonlyArray<ReadonlyArray<CsvValue> | Readonly<Record<string, unknown>>>, options: CsvOptions = {}): string {
  const stringifyOptions: Options = {
    cast: {
      string: neutralizeFormula,
      ...(options.booleanWords && { boolean: (b: boolean) => (b ? 'true' : 'false') }),
    },
    ...(options.columns && { header: true, columns: [...options.columns] }),
  };
  let text = stringify(rows as unknown[], stringifyOptions);
  if (options.columns && text === '') text = `${options.columns.map(neutralizeFormula).join(',')}\n`;
  return options.bom ? `\uFEFF${text}` : text;
}
