/**
 * `webhookSigner`: signs outgoing deliveries the Standard Webhooks way, with
 * the key read through the store, so that a rotation never drops a delivery.
 * Spec: https://www.standardwebhooks.com, "Signature scheme" and "Webhook headers".
 * @module
 */
import { InvalidArgumentError } from '@secrets/core'
import { type ActiveKeysOptions, activeKeys } from './_active-keys.js'
import type { WebhookHeaders } from './_headers.js'
import { signatureOf } from './_signature.js'

/** Options of {@link webhookSigner}. */
export type WebhookSignerOptions = ActiveKeysOptions

/** One delivery to sign. */
export interface SignInput {
  /** The message id: the same for every retry of one event (`msg_…`); printable ASCII, no `.`. */
  id: string
  /** The exact body that is sent: sign the bytes you send, not an object. */
  body: string | Uint8Array
  /** The attempt's time; each retry gets a new one. @default now */
  timestamp?: Date
}

/** Signs deliveries. */
export interface WebhookSigner {
  /**
   * The headers of one delivery: `webhook-signature` holds `v1,<base64>` for
   * the current key and, during a rotation's overlap, for the previous one too.
   * Every call reads the key through `getActive` (audited, reason
   * `webhook:sign`), unless `cacheTtlMs` keeps it in memory.
   * @throws {InvalidArgumentError} for a malformed id, body or timestamp
   * @throws {InvalidValueError} when a stored version is not a webhook secret
   * @throws SecretNotFoundError, AuditError, BackendError from the store
   */
  sign(input: SignInput): Promise<WebhookHeaders>
}

/** Printable ASCII without space or `.` (the spec asks ids to hold no `.`). */
const MESSAGE_ID = /^[\x21-\x2d\x2f-\x7e]{1,256}$/

/**
 * A signer over one secret of a scope.
 * @param options the scope, the secret's name, the accessor, and an optional key cache
 * @returns the signer
 * @throws {InvalidArgumentError} for missing options
 * @example
 * ```ts
 * const signer = webhookSigner({ secrets: acme, name: 'WEBHOOK_KEY', accessor: 'service:webhooks' })
 * const headers = await signer.sign({ id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', body })
 * await fetch(url, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } })
 * ```
 */
export function webhookSigner(options: WebhookSignerOptions): WebhookSigner {
  const keys = activeKeys(options, 'webhook:sign')
  const now = options.now ?? (() => new Date())
  return Object.freeze({
    async sign(input: SignInput): Promise<WebhookHeaders> {
      const { id, body, timestamp = now() } = input ?? ({} as SignInput)
      if (typeof id !== 'string' || !MESSAGE_ID.test(id)) {
        throw new InvalidArgumentError(
          '"id" must be 1 to 256 printable ASCII characters with no space and no "."',
        )
      }
      if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
        throw new InvalidArgumentError('"body" must be the string or bytes that are sent')
      }
      if (!(timestamp instanceof Date) || !(timestamp.getTime() >= 0)) {
        throw new InvalidArgumentError('"timestamp" must be a valid Date after 1970')
      }
      const seconds = Math.floor(timestamp.getTime() / 1000)
      const signatures = (await keys()).map(
        ({ key }) => `v1,${signatureOf(key, id, seconds, body).toString('base64')}`,
      )
      return {
        'webhook-id': id,
        'webhook-timestamp': String(seconds),
        'webhook-signature': signatures.join(' '),
      }
    },
  })
}
