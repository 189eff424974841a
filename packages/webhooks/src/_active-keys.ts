/**
 * The active keys of one webhook secret, read through `getActive` (the
 * current version and, while a rotation's overlap lasts, the previous one),
 * optionally kept in memory for a while. Internal.
 * @module
 */
import { InvalidArgumentError, type ScopedSecrets } from '@secrets/core'
import { webhookKey } from './_webhook-key.js'

/** One key that signs or verifies. */
export interface ActiveKey {
  /** The HMAC key's bytes. */
  key: Buffer
  /** The secret's version it comes from. */
  version: number
  /** When a previous version stops being valid (ms since the epoch); null for the current one. */
  expiresAt: number | null
}

/** Options shared by the signer and the verifier. */
export interface ActiveKeysOptions {
  /** The scope that holds the secret. */
  secrets: ScopedSecrets
  /** The secret's name, such as `WEBHOOK_KEY`. */
  name: string
  /** Who signs or verifies, for the audit trail: `service:webhooks`. */
  accessor: string
  /**
   * Keep the keys in memory for this long after a read, so that a hot path
   * does not read (and audit) the secret on every delivery: one audited
   * read per refresh. A rotation is seen at most this late, so keep it well
   * below the rotation overlap. @default 0 (every call reads through the store)
   */
  cacheTtlMs?: number
  /** The clock, for tests. @default () => new Date() */
  now?: () => Date
}

/** Returns the keys valid now: the current one first. */
export type ActiveKeys = () => Promise<ActiveKey[]>

/**
 * Builds the key reader.
 * @param reason the audit reason of every read (`webhook:sign`, `webhook:verify`)
 * @throws {InvalidArgumentError} for a missing scope, name or accessor, or a bad TTL
 */
export function activeKeys(options: ActiveKeysOptions, reason: string): ActiveKeys {
  const { secrets, name, accessor, cacheTtlMs = 0, now = () => new Date() } = options ?? {}
  if (typeof secrets?.getActive !== 'function') {
    throw new InvalidArgumentError('"secrets" must be a scoped handle: secrets.scope({ … })')
  }
  if (typeof name !== 'string' || name === '') {
    throw new InvalidArgumentError('"name" must name the webhook secret, such as "WEBHOOK_KEY"')
  }
  if (typeof accessor !== 'string' || accessor === '') {
    throw new InvalidArgumentError('"accessor" must say who signs or verifies, for the audit trail')
  }
  if (!Number.isFinite(cacheTtlMs) || cacheTtlMs < 0) {
    throw new InvalidArgumentError('"cacheTtlMs" must be a number of milliseconds, 0 or more')
  }
  let cached: { keys: ActiveKey[]; until: number } | null = null
  let inFlight: Promise<ActiveKey[]> | null = null

  async function read(): Promise<ActiveKey[]> {
    const { current, previous } = await secrets.getActive(name, { accessor, reason })
    const keys: ActiveKey[] = [
      {
        key: webhookKey(current.value, `"${name}" version ${current.version}`),
        version: current.version,
        expiresAt: null,
      },
    ]
    if (previous) {
      keys.push({
        key: webhookKey(previous.value, `"${name}" version ${previous.version}`),
        version: previous.version,
        expiresAt: previous.expiresAt.getTime(),
      })
    }
    return keys
  }

  return async () => {
    const at = now().getTime()
    if (cacheTtlMs === 0) return read()
    if (!cached || cached.until <= at) {
      inFlight ??= read().finally(() => {
        inFlight = null
      })
      const keys = await inFlight
      cached = { keys, until: at + cacheTtlMs }
    }
    return cached.keys.filter((k) => k.expiresAt === null || k.expiresAt > at)
  }
}
