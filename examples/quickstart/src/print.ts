/** Small console helpers so the quickstart reads well. */

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s)

/** A numbered section heading. */
export function section(n: number, title: string): void {
  console.log(`\n${bold(`${n}. ${title}`)}`)
}

/** An indented line. */
export function line(text: string): void {
  console.log(`   ${text}`)
}

/** An indented, dimmed note. */
export function note(text: string): void {
  console.log(`   ${dim(text)}`)
}

/** Prints rows as an aligned table with a header. */
export function table(rows: Array<Record<string, string>>): void {
  if (rows.length === 0) {
    line('(none)')
    return
  }
  const columns = Object.keys(rows[0]!)
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)))
  const render = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  line(bold(render(columns)))
  for (const row of rows) line(render(columns.map((c) => row[c] ?? '')))
}
