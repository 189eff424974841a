/** The page-size check every paged read of this package shares. */
import { InvalidArgumentError } from '@secrets/core'

/**
 * @param max the largest page the read serves
 * @throws {InvalidArgumentError} unless `limit` is an integer from 1 to `max`
 */
export function assertPageLimit(limit: unknown, max: number): asserts limit is number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new InvalidArgumentError(`"limit" must be an integer from 1 to ${max}`)
  }
}
