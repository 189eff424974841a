/**
 * `webhookVerifier`: checks incoming deliveries the Standard Webhooks way,
 * against every key that is active now (the current one and, during a
 * rotation's overlap, the previous one).
 * Spec: https://www.standardwebhooks.com, "Verifying signatures".
 * @module
 */
import { InvalidArgumentError } from '@secrets/core'
import { type ActiveKeysOptions, activeKeys } from './_active-keys.js'
import { readWebhookHeaders, type WebhookHeadersInput } from './_headers.js'
import { MAX_SIGNATURES, matchSignature, parseSignatures, signatureOf } from './_signature.js'
import { WebhookVerificationError } from './webhook-verification-error.js'

/** Options of {@link webhookVerifier}. */
export interface WebhookVerifierOptions extends ActiveKeysOptions {
  /** How far the timestamp may be from now, in the past or the future, in seconds. @default 300 */
  toleranceSeconds?: number
  /**
   * Replay protection, called only for authentic, fresh deliveries: return
   * true when this id was delivered before, and remember it otherwise (a
   * Redis `SET id 1 NX EX <tolerance>` does both at once). Retries of one
   * event reuse its id, so remember an id only once it has been handled.
   */
  seen?: (id: string) => boolean | Promise<boolean>
}

/** One delivery to check. */
export interface VerifyInput {
  /** The request's headers. */
  headers: WebhookHeadersInput
  /** The raw body, exactly as received: never `JSON.parse` and re-serialise it. */
  body: string | Uint8Array
}

/** What a verified delivery carries. */
export interface VerifiedWebhook {
  /** The `webhook-id`: use it as the idempotency key. */
  id: string
  /** The `webhook-timestamp`. */
  timestamp: Date
  /** The version of the secret whose key matched (the previous one during an overlap). */
  keyVersion: number
}

/** Verifies deliveries. */
export interface WebhookVerifier {
  /**
   * Checks the headers, the timestamp and the signatures of one delivery.
   * Keys are read through `getActive` (audited, reason `webhook:verify`) once
   * the headers are well formed and fresh, unless `cacheTtlMs` keeps them.
   * @returns the id, the timestamp and the key version that matched
   * @throws {WebhookVerificationError} with its `reason` when the delivery is refused (answer 4xx)
   * @throws {InvalidArgumentError} when `body` is not a string or bytes
   * @throws SecretNotFoundError, InvalidValueError, AuditError, BackendError from the store (answer 5xx: the sender retries)
   */
  verify(input: VerifyInput): Promise<VerifiedWebhook>
}

const TIMESTAMP = /^(?:0|[1-9][0-9]{0,14})$/

/**
 * A verifier over one secret of a scope.
 * @param options the scope, the secret's name, the accessor, the tolerance, and optional replay and cache settings
 * @returns the verifier
 * @throws {InvalidArgumentError} for missing options or a bad tolerance
 * @example
 * ```ts
 * const verifier = webhookVerifier({ secrets: acme, name: 'WEBHOOK_KEY', accessor: 'service:api' })
 * const { id } = await verifier.verify({ headers: request.headers, body: await request.text() })
 * ```
 */
export function webhookVerifier(options: WebhookVerifierOptions): WebhookVerifier {
  const keys = activeKeys(options, 'webhook:verify')
  const { toleranceSeconds = 300, seen, now = () => new Date() } = options
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new InvalidArgumentError('"toleranceSeconds" must be a number of seconds, 0 or more')
  }
  if (seen !== undefined && typeof seen !== 'function') {
    throw new InvalidArgumentError('"seen" must be a function of the webhook id')
  }
  return Object.freeze({
    async verify(input: VerifyInput): Promise<VerifiedWebhook> {
      const { headers, body } = input ?? ({} as VerifyInput)
      if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
        throw new InvalidArgumentError(
          '"body" must be the raw request body (a string or bytes), not parsed JSON',
        )
      }
      const found = readWebhookHeaders(headers)
      if (!found.id || found.timestamp === undefined) {
        throw new WebhookVerificationError('missing_headers')
      }
      if (!found.signature?.trim()) throw new WebhookVerificationError('missing_signature')
      if (!TIMESTAMP.test(found.timestamp)) {
        throw new WebhookVerificationError('bad_format', 'the timestamp is not an integer')
      }
      const seconds = Number(found.timestamp)
      const skew = Math.abs(Math.floor(now().getTime() / 1000) - seconds)
      if (skew > toleranceSeconds) {
        throw new WebhookVerificationError(
          'stale_timestamp',
          `${skew} s from now, tolerance ${toleranceSeconds} s`,
        )
      }
      const received = parseSignatures(found.signature)
      if (received === null) {
        throw new WebhookVerificationError('bad_format', `more than ${MAX_SIGNATURES} signatures`)
      }
      if (received.length === 0) {
        throw new WebhookVerificationError('bad_format', 'no well-formed v1 signature')
      }
      const active = await keys()
      const expected = active.map(({ key }) => signatureOf(key, found.id!, seconds, body))
      const match = matchSignature(received, expected)
      if (match < 0) {
        throw new WebhookVerificationError(
          'mismatch',
          `${received.length} signature(s) against ${active.length} active key(s)`,
        )
      }
      if (seen && (await seen(found.id))) throw new WebhookVerificationError('replayed')
      return {
        id: found.id,
        timestamp: new Date(seconds * 1000),
        keyVersion: active[match]!.version,
      }
    },
  })
}
