/**
 * Reading the three Standard Webhooks headers from what frameworks hand over:
 * a fetch `Headers`, or a plain object such as Node's `IncomingHttpHeaders`.
 * Internal.
 * @module
 */
import { WebhookVerificationError } from './webhook-verification-error.js'

/** Request headers: a fetch `Headers` (or anything with `get`), or a plain object of any case. */
export type WebhookHeadersInput =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>

/** The three headers a delivery carries (a type, not an interface, so it fits any header record). */
export type WebhookHeaders = {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

/** The headers of one delivery, as found (undefined when absent). */
export interface ReadHeaders {
  id: string | undefined
  timestamp: string | undefined
  signature: string | undefined
}

/**
 * Reads `webhook-id`, `webhook-timestamp` and `webhook-signature`, by any
 * case, falling back to Svix's `svix-id`, `svix-timestamp`, `svix-signature`.
 * A repeated signature header is joined with spaces; a repeated id or
 * timestamp is malformed.
 * @throws {WebhookVerificationError} `bad_format` for a repeated id or timestamp
 */
export function readWebhookHeaders(headers: WebhookHeadersInput): ReadHeaders {
  const lookup = lookupOf(headers)
  const one = (suffix: string) => {
    const value = lookup(`webhook-${suffix}`) ?? lookup(`svix-${suffix}`)
    if (typeof value === 'string' || value === undefined) return value
    if (value.length > 1) {
      throw new WebhookVerificationError('bad_format', `the ${suffix} header is repeated`)
    }
    return value[0]
  }
  const signature = lookup('webhook-signature') ?? lookup('svix-signature')
  return {
    id: one('id'),
    timestamp: one('timestamp'),
    signature: typeof signature === 'string' ? signature : signature?.join(' '),
  }
}

type Lookup = (name: string) => string | readonly string[] | undefined

function lookupOf(headers: WebhookHeadersInput): Lookup {
  if (typeof headers?.get === 'function') {
    const source = headers as { get(name: string): string | null }
    return (name) => source.get(name) ?? undefined
  }
  const lower = new Map<string, string | readonly string[]>()
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) lower.set(key.toLowerCase(), value as string | readonly string[])
  }
  return (name) => lower.get(name)
}
