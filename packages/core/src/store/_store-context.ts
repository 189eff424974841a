/**
 * What every part of the store shares, built once from the options of
 * `createSecrets` (all checks happen here, before any I/O). Internal.
 * @module
 */
import {
  type AuditOptions,
  type AuditSinkInput,
  createAuditDispatcher,
} from '../audit/audit-sink.js'
import type {
  BackendCapabilities,
  SecretBackend,
  SecretBackendV1,
} from '../backend/secret-backend.js'
import { DEFAULT_MAX_VALUE_BYTES } from '../backend/validation.js'
import { createEnvelopeCipher, MAX_ENVELOPE_BYTES } from '../crypto/envelope-cipher.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { type AuditEvents, createAuditEvents } from './_audit-events.js'
import { assertBackend, positiveInteger } from './_checks.js'
import { createValueCodec, type ValueCodec } from './_value-codec.js'
import type { CreateSecretsOptions } from './types.js'
import { createValueCache, type ValueCache } from './value-cache.js'

/** The store's shared state. Frozen. */
export interface StoreContext {
  readonly backend: SecretBackend | SecretBackendV1
  readonly caps: BackendCapabilities
  /** Seals and opens values (envelopes, or UTF-8 for native backends). */
  readonly codec: ValueCodec
  /** Builds and records audit events. */
  readonly audit: AuditEvents
  readonly cache: ValueCache | null
  readonly maxValueBytes: number
  readonly defaultOverlapMs: number
  readonly requireAccessor: boolean
  readonly now: () => Date
}

/**
 * Checks the options and builds the shared state.
 * @throws {InvalidArgumentError} for a malformed backend or options
 */
export function createStoreContext(options: CreateSecretsOptions): StoreContext {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('createSecrets needs an options object')
  const backend = options.backend
  assertBackend(backend)
  const caps = backend.capabilities
  if (!caps.envelope && !caps.encryptsAtRest) {
    throw new InvalidArgumentError(
      `Backend "${backend.name}" neither takes envelopes nor encrypts at rest; refusing to store plaintext`,
    )
  }
  if (caps.envelope && !options.keyring) {
    throw new InvalidArgumentError(
      `Backend "${backend.name}" stores envelopes and needs a keyring: pass keyring: Keyring.fromEnv() (reads SECRETS_MASTER_KEY)`,
    )
  }
  const cipher =
    caps.envelope && options.keyring
      ? createEnvelopeCipher({ keyring: options.keyring, engine: options.engine ?? 'auto' })
      : null
  if (options.audit === undefined) {
    throw new InvalidArgumentError(
      'createSecrets needs `audit`: a sink such as jsonLinesAuditSink(stream), or audit: false to turn auditing off',
    )
  }
  const defaultOverlapMs = options.rotationOverlapMs ?? 0
  if (!Number.isFinite(defaultOverlapMs) || defaultOverlapMs < 0)
    throw new InvalidArgumentError('rotationOverlapMs must be 0 or more')
  for (const flag of ['requireAccessor', 'requireVersionedEnvelopes'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean')
      throw new InvalidArgumentError(`${flag} must be true or false`)
  }
  const now = options.now ?? (() => new Date())
  return Object.freeze({
    backend,
    caps,
    codec: createValueCodec(cipher, options.requireVersionedEnvelopes ?? false),
    audit: createAuditEvents(
      backend.name,
      createAuditDispatcher(normaliseAudit(options.audit)),
      now,
    ),
    cache: createValueCache(options.cache),
    maxValueBytes: positiveInteger(
      options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
      'maxValueBytes',
      MAX_ENVELOPE_BYTES - 1024,
    ),
    defaultOverlapMs,
    requireAccessor: options.requireAccessor ?? false,
    now,
  })
}

function normaliseAudit(input: CreateSecretsOptions['audit']): AuditOptions | false {
  if (input === false) return false
  if (typeof input === 'function' || Array.isArray(input)) return { sinks: input as AuditSinkInput }
  if (input && typeof input === 'object' && 'sinks' in input) return input as AuditOptions
  return { sinks: input as AuditSinkInput }
}
