/** Operations per second of fast operations, in alternating rounds, and their ratios. */
import { median } from './report.js'

/** One thing to time. */
export interface Candidate {
  /** Row label. */
  name: string
  /** One operation (sync or async). */
  run: () => unknown | Promise<unknown>
}

/** Operations per second of each candidate (median over rounds). */
export type Rates = Map<string, number>

async function rate(fn: Candidate['run'], ms: number): Promise<number> {
  const first = fn()
  const isAsync = first instanceof Promise
  if (isAsync) await first
  let ops = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    for (let i = 0; i < 16; i++) {
      if (isAsync) await fn()
      else fn()
    }
    ops += 16
    elapsed = performance.now() - start
  }
  return (ops * 1000) / elapsed
}

/**
 * Times candidates in alternating rounds.
 * @param rounds how many rounds (median reported)
 * @param ms time per candidate per round
 */
export async function measure(candidates: Candidate[], rounds = 7, ms = 150): Promise<Rates> {
  const samples = new Map<string, number[]>(candidates.map((c) => [c.name, []]))
  for (const c of candidates) await rate(c.run, 30) // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const c of r % 2 === 0 ? candidates : [...candidates].reverse()) {
      samples.get(c.name)!.push(await rate(c.run, ms))
    }
  }
  return new Map([...samples].map(([name, xs]) => [name, median(xs)]))
}

/** Formats a number of operations per second. */
export function opsPerSecond(n: number): string {
  return n >= 1e6
    ? `${(n / 1e6).toFixed(2)}M`
    : n >= 1e3
      ? `${(n / 1e3).toFixed(1)}k`
      : n.toFixed(1)
}

/** Prints a table: one row per candidate with ops/s and its ratio to the baseline row. */
export function printRatios(title: string, rates: Rates, baseline: string): void {
  const base = rates.get(baseline)!
  console.log(`\n${title}`)
  console.table(
    [...rates].map(([name, ops]) => ({
      candidate: name,
      'ops/s': opsPerSecond(ops),
      'ratio vs baseline': name === baseline ? '1.00 (baseline)' : (ops / base).toFixed(2),
    })),
  )
}
