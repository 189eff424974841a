/**
 * Webhook secrets in the Standard Webhooks serialisation: `whsec_` followed by
 * the standard base64 of 24 to 64 random bytes (192 to 512 bits).
 * Spec: https://www.standardwebhooks.com, "Signature scheme".
 * @module
 */
import { randomBytes } from 'node:crypto'
import { InvalidArgumentError } from '@secrets/core'
import {
  MAX_WEBHOOK_KEY_BYTES,
  MIN_WEBHOOK_KEY_BYTES,
  WEBHOOK_SECRET_PREFIX,
} from './_webhook-key.js'

/**
 * A new webhook secret, to store with `set` (or `rotate`) and to share with
 * the receiver.
 * @param bytes random bytes in the key, 24 to 64 @default 32
 * @returns `whsec_` and the base64 of the key
 * @throws {InvalidArgumentError} when `bytes` is not an integer from 24 to 64
 * @example
 * ```ts
 * await scope.set('WEBHOOK_KEY', generateWebhookSecret(), { accessor: 'ops' })
 * ```
 */
export function generateWebhookSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_WEBHOOK_KEY_BYTES || bytes > MAX_WEBHOOK_KEY_BYTES) {
    throw new InvalidArgumentError(
      `"bytes" must be an integer from ${MIN_WEBHOOK_KEY_BYTES} to ${MAX_WEBHOOK_KEY_BYTES}, got ${String(bytes)}`,
    )
  }
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(bytes).toString('base64')}`
}
