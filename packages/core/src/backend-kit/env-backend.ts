/**
 * What an adapter's `…FromEnv(env)` returns: a backend opened from
 * environment variables, with what it opened, so that the caller can close it.
 * @module
 */
import type { SecretBackend } from '../backend/secret-backend.js'
import type { AccessLogSink } from './access-log.js'

/** A backend opened from environment variables. */
export interface EnvBackend {
  /** The backend. */
  backend: SecretBackend
  /** The store's own audit sink (a table or collection beside the secrets), when it has one. */
  audit?: AccessLogSink
  /** Closes the clients and connections opened for it. */
  close(): Promise<void>
}

/** The environment an adapter reads, such as `process.env`. */
export type EnvSource = Readonly<Record<string, string | undefined>>
