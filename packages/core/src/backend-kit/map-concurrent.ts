/**
 * A bounded pool for services without a batch read: N calls, at most `limit`
 * in flight, so N reads cost about ceil(N / limit) round trips.
 * @module
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'

/**
 * Maps `items` through `fn` with at most `limit` calls in flight, keeping the
 * order of `items`. The first rejection rejects the whole map (calls already
 * started finish; no new ones start).
 * @param limit 1 to 256
 * @returns the results, in the order of `items`
 * @throws {InvalidArgumentError} for a bad limit; otherwise the first error of `fn`
 * @example
 * ```ts
 * const values = await mapConcurrent(paths, 16, (path) => read(path))
 * ```
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  assertConcurrency(limit)
  const results = new Array<R>(items.length)
  let next = 0
  let failed = false
  async function worker(): Promise<void> {
    while (!failed && next < items.length) {
      const index = next++
      try {
        results[index] = await fn(items[index]!, index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  const workers = Array.from({ length: Math.min(limit, items.length) }, worker)
  await Promise.all(workers)
  return results
}

/**
 * Checks a concurrency option.
 * @throws {InvalidArgumentError} unless it is an integer from 1 to 256
 */
export function assertConcurrency(limit: unknown, what = 'concurrency'): asserts limit is number {
  if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > 256) {
    throw new InvalidArgumentError(`${what} must be an integer from 1 to 256`)
  }
}
