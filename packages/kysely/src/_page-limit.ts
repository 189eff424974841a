/** The page-size check every paged read (and batched delete) of this package shares. */
import { InvalidArgumentError } from '@secrets/core'

/**
 * @param max the largest page the read serves
 * @param what the option's name, for the message
 * @throws {InvalidArgumentError} unless `limit` is an integer from 1 to `max`
 */
export function assertPageLimit(
  limit: unknown,
  max: number,
  what = 'limit',
): asserts limit is number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new InvalidArgumentError(`"${what}" must be an integer from 1 to ${max}`)
  }
}
