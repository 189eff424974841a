/**
 * What every part of the access-log suite shares: the sink under test, a
 * second way to read it, and the statement counting. Internal to
 * `@secrets/core/testing`.
 * @module
 */

import type { SecretBackend } from '../backend/secret-backend.js'
import type { AccessLogPage, AccessLogQuery, AccessLogSink } from '../backend-kit/access-log.js'

/** The state a part's tests read once the suite has started. */
export interface AccessLogKit {
  /** The sink under test (open before the first test runs). */
  readonly sink: AccessLogSink
  /** Reads a page the other way (`query` of the options, else `sink.query`). */
  read(query: AccessLogQuery): Promise<AccessLogPage>
  /** A backend over the same storage, when the adapter gave one. */
  readonly backend: SecretBackend | undefined
  /** Strings that are never an event id of the store. */
  readonly foreignIds: readonly string[]
  /** Whether the adapter gave `statementCount`. */
  readonly counting: boolean
  /** How many statements `body` ran; undefined without `statementCount`. */
  statementsOf(body: () => unknown): Promise<number | undefined>
  /** Runs `body` and, with `statementCount`, expects it to have run no statement. */
  expectNoStatements(body: () => unknown): Promise<void>
}
