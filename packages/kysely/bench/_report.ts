/** Small helpers shared by the benchmarks: medians, memory sampling and a plain-text table. */
import v8 from 'node:v8'
import vm from 'node:vm'

v8.setFlagsFromString('--expose-gc')
/** Runs a full garbage collection, so that memory figures start from a settled heap. */
export const collectGarbage = vm.runInNewContext('gc') as () => void

/** The median of some samples. */
export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Milliseconds taken by `run`. */
export async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await run()
  return performance.now() - start
}

/**
 * Tracks memory above a baseline taken at creation: the peak of heapUsed and
 * rss (garbage included, so it depends on when V8 chooses to collect), and the
 * peak of what stays live after a full collection (what the code holds).
 */
export function memoryPeak() {
  collectGarbage()
  const base = process.memoryUsage()
  let heap = 0
  let rss = 0
  let retained = 0
  let gcMs = 0
  return {
    /** Takes one sample. */
    sample() {
      const now = process.memoryUsage()
      heap = Math.max(heap, now.heapUsed - base.heapUsed)
      rss = Math.max(rss, now.rss - base.rss)
    },
    /** Collects garbage, then samples what is live; the time it takes is kept apart. */
    sampleRetained() {
      const start = performance.now()
      collectGarbage()
      retained = Math.max(retained, process.memoryUsage().heapUsed - base.heapUsed)
      gcMs += performance.now() - start
    },
    /** Peak extra heap, rss and live heap, in MiB, and the milliseconds spent collecting. */
    peak: () => ({
      heapMiB: heap / 2 ** 20,
      rssMiB: rss / 2 ** 20,
      retainedMiB: retained / 2 ** 20,
      gcMs,
    }),
  }
}

/** Prints rows as an aligned table under a title. */
export function printTable(title: string, rows: Array<Record<string, string | number>>): void {
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
