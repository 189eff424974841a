/** Timing of slower one-shot operations in alternating rounds. */
import { median } from './report.js'

/** One operation to time. */
export interface TimedCandidate {
  /** Row label. */
  name: string
  /** The operation. */
  run: () => Promise<unknown>
}

/**
 * Runs each candidate once to warm up, then `rounds` times, alternating the
 * order every round so that drift in the machine's load hits all alike.
 * @param before called before every timed run (reset counters); not timed
 * @param after called after every timed run with the candidate's name (read counters); not timed
 * @returns the median milliseconds of each candidate, by name
 */
export async function timeRounds(
  candidates: readonly TimedCandidate[],
  rounds: number,
  hooks: { before?: () => void; after?: (name: string) => void } = {},
): Promise<Map<string, number>> {
  const samples = new Map(candidates.map((c) => [c.name, [] as number[]]))
  for (const c of candidates) await c.run()
  for (let round = 0; round < rounds; round++) {
    for (const c of round % 2 === 0 ? candidates : [...candidates].reverse()) {
      hooks.before?.()
      const start = performance.now()
      await c.run()
      samples.get(c.name)!.push(performance.now() - start)
      hooks.after?.(c.name)
    }
  }
  return new Map([...samples].map(([name, ms]) => [name, median(ms)]))
}
