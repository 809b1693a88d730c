// A data table: header row, the first column as row headers, and on phones each row stacked with its
// column names (usa-table--stacked-header reads data-label).
import type { ComponentChildren } from 'preact';

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ComponentChildren;
}

/** `captionHidden` keeps the caption for screen readers only, when a heading above says the same. */
export function DataTable<Row>({ caption, columns, rows, captionHidden }: { caption: string; columns: Column<Row>[]; rows: readonly Row[]; captionHidden?: boolean }) {
  return (
    <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={caption}>
      <table class="usa-table usa-table--striped usa-table--stacked-header">
        <caption class={captionHidden ? 'usa-sr-only' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col">{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {columns.map((c, i) =>
                i === 0 ? (
                  <th scope="row" data-label={c.header}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td data-label={c.header}>{c.cell(row)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
