/** Medians and plain-text tables. */

/** The median of some samples. */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Prints rows as an aligned Markdown-style table under a title; numbers get thousands separators. */
export function printTable(
  title: string,
  rows: ReadonlyArray<Record<string, string | number>>,
): void {
  const columns = Object.keys(rows[0] ?? {})
  const cell = (v: string | number | undefined) =>
    typeof v === 'number' ? v.toLocaleString('en-US') : (v ?? '')
  const widths = columns.map((c) =>
    Math.max(c.length, ...rows.map((r) => String(cell(r[c])).length)),
  )
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`
  console.log(`\n${title}`)
  console.log(line(columns))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of rows) console.log(line(columns.map((c) => String(cell(row[c])))))
}
