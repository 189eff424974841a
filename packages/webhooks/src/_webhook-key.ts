/**
 * The HMAC key inside a stored Standard Webhooks secret. Internal.
 * @module
 */
import { InvalidValueError } from '@secrets/core'

/** The prefix the Standard Webhooks secrets carry. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_'
/** The fewest key bytes the spec allows. */
export const MIN_WEBHOOK_KEY_BYTES = 24
/** The most key bytes the spec allows. */
export const MAX_WEBHOOK_KEY_BYTES = 64

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * The HMAC key of a stored secret: the bytes of the base64 after `whsec_`
 * (the prefix is optional, as in the reference libraries).
 * @param secret the stored value
 * @param label the secret's name and version, for the message
 * @throws {InvalidValueError} when it is not canonical base64 of 24 to 64 bytes (the message holds sizes only)
 */
export function webhookKey(secret: string, label: string): Buffer {
  const text = secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? secret.slice(WEBHOOK_SECRET_PREFIX.length)
    : secret
  const key = BASE64.test(text) ? Buffer.from(text, 'base64') : null
  if (!key || key.length < MIN_WEBHOOK_KEY_BYTES || key.length > MAX_WEBHOOK_KEY_BYTES) {
    throw new InvalidValueError(
      `${label} is not a Standard Webhooks secret: expected ${WEBHOOK_SECRET_PREFIX} and the base64 of ${MIN_WEBHOOK_KEY_BYTES} to ${MAX_WEBHOOK_KEY_BYTES} bytes${key ? `, got ${key.length} bytes` : ''}`,
    )
  }
  return key
}
