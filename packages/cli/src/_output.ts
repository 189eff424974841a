/**
 * Output: JSON for `--json`, aligned columns for people, and the few colours
 * `doctor` uses, only on a terminal and never under `NO_COLOR`.
 * @module
 */

/** Prints a value as indented JSON on stdout (dates as ISO strings). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** Prints rows as left-aligned columns on stdout, the first row a header. */
export function printColumns(rows: readonly (readonly string[])[]): void {
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length)
    })
  }
  for (const row of rows) {
    const line = row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
    process.stdout.write(`${line.join('  ').trimEnd()}\n`)
  }
}

/** Whether to colour what goes to `stream`: a terminal, `NO_COLOR` unset or empty, `TERM` not dumb. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
}

/** Colour functions, or the identity when colour is off. */
export function palette(on: boolean) {
  const paint = (code: number) => (text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text)
  return { green: paint(32), yellow: paint(33), red: paint(31), dim: paint(2) }
}

/** A date as an ISO 8601 string, or `-`. */
export function isoTime(date: Date | null | undefined): string {
  return date ? date.toISOString() : '-'
}
