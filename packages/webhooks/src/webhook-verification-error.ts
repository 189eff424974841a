/**
 * `WebhookVerificationError`: a delivery that is not authentic, or not fresh.
 *
 * Not a subclass of `SecretsError`: the core's `SecretsErrorCode` is a closed
 * union, so this class carries its own code and its own cross-bundle marker,
 * with the same `isInstance()` and `toJSON()` shape.
 * @module
 */

const MARKER = Symbol.for('@secrets/webhooks/verification-error')

/** Why a delivery was refused, for `switch (err.reason)`. */
export type WebhookVerificationReason =
  /** `webhook-id` or `webhook-timestamp` is absent. */
  | 'missing_headers'
  /** `webhook-signature` is absent or empty. */
  | 'missing_signature'
  /** A header is malformed: a timestamp that is not an integer, no well-formed `v1,` signature. */
  | 'bad_format'
  /** The timestamp is further from now than the tolerance, in the past or the future. */
  | 'stale_timestamp'
  /** No signature matches an active key. */
  | 'mismatch'
  /** The `seen(id)` hook says this id was already delivered. */
  | 'replayed'

const MESSAGES: Record<WebhookVerificationReason, string> = {
  missing_headers: 'The webhook-id or webhook-timestamp header is missing',
  missing_signature: 'The webhook-signature header is missing or empty',
  bad_format: 'A webhook header is malformed',
  stale_timestamp: 'The webhook-timestamp is outside the tolerance',
  mismatch: 'No webhook signature matches an active key',
  replayed: 'This webhook-id was already delivered',
}

/**
 * A delivery failed verification. Answer it with a 4xx status: the sender
 * retries 5xx answers, and a forged or stale delivery should not be retried.
 *
 * The message is one fixed sentence per reason, plus counts; it never holds
 * the key, the expected signature or the received one.
 * @example
 * ```ts
 * catch (err) { if (WebhookVerificationError.isInstance(err)) res.status(400).end(err.reason) }
 * ```
 */
export class WebhookVerificationError extends Error {
  /** The code every instance carries. */
  static readonly code = 'WEBHOOK_VERIFICATION_FAILED' as const
  /** A stable code, as on every `@secrets` error. */
  readonly code = WebhookVerificationError.code
  /** Why the delivery was refused. */
  readonly reason: WebhookVerificationReason
  /** Marks instances across bundle copies. */
  readonly [MARKER] = true

  /**
   * @param reason why the delivery was refused
   * @param detail an extra clause written from counts only (never a header's value)
   */
  constructor(reason: WebhookVerificationReason, detail?: string) {
    super(detail ? `${MESSAGES[reason]}: ${detail}` : MESSAGES[reason])
    this.name = 'WebhookVerificationError'
    this.reason = reason
  }

  /**
   * Whether `value` is a `WebhookVerificationError`, even one thrown by another
   * copy of this package.
   * @param value anything caught
   * @returns true for an instance, by its marker
   */
  static isInstance(value: unknown): value is WebhookVerificationError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[MARKER] === true
    )
  }

  /** A JSON form with name, code, reason and message only. */
  toJSON(): { name: string; code: string; reason: WebhookVerificationReason; message: string } {
    return { name: this.name, code: this.code, reason: this.reason, message: this.message }
  }
}
