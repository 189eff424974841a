/**
 * A table of records: a caption for screen readers, column headers, and
 * cells labelled with their column (`data-label`), which the stylesheet shows
 * beside each cell when rows turn into cards on a narrow screen.
 */
import type { ComponentChildren } from 'preact'

/** One column: its header, and what a row shows in it. */
export interface Column<T> {
  label: string
  cell: (row: T) => ComponentChildren
  /** The column that names the row (`<th scope="row">`). */
  rowHeader?: boolean
}

interface DataTableProps<T> {
  /** The table's class (`secrets`, `versions`, `access-log`). */
  name: string
  caption: string
  columns: readonly Column<T>[]
  rows: readonly T[]
  rowKey: (row: T) => string | number
  /** A class for a row that must stand out. */
  rowClass?: (row: T) => string | undefined
  busy?: boolean
}

/** A table of `rows` under `columns`. */
export function DataTable<T>({
  name,
  caption,
  columns,
  rows,
  rowKey,
  rowClass,
  busy,
}: DataTableProps<T>) {
  return (
    <div class="table-wrap">
      <table class={name} aria-busy={busy}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} class={rowClass?.(row)}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.label} scope="row" data-label={column.label}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.label} data-label={column.label}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
