/**
 * The options every managed-service backend takes alike (client-side
 * encryption, a read pool's size, its name), checked the same way.
 * @module
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { assertConcurrency } from './map-concurrent.js'

/** The shared options, as a backend's options object holds them. */
export interface ServiceOptions {
  clientSideEncryption?: boolean
  concurrency?: number
  name?: string
}

/**
 * Checks the shared options and fills in the defaults (no client-side
 * encryption, 16 requests in flight).
 * @param defaultName the backend's name when `name` is absent
 * @throws {InvalidArgumentError} naming the option that is wrong
 */
export function parseServiceOptions(
  options: ServiceOptions,
  defaultName: string,
): { envelope: boolean; concurrency: number; label: string } {
  const envelope = options.clientSideEncryption ?? false
  if (typeof envelope !== 'boolean') {
    throw new InvalidArgumentError('clientSideEncryption must be true or false')
  }
  const concurrency = options.concurrency ?? 16
  assertConcurrency(concurrency)
  const label = options.name ?? defaultName
  if (typeof label !== 'string' || label.length === 0) {
    throw new InvalidArgumentError('name must be a non-empty string')
  }
  return { envelope, concurrency, label }
}
