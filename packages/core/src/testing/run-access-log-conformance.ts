/**
 * The conformance suite every access-log sink runs (the audit sink of a
 * record store: `write`, `query`, `prune`): a batch read back field for
 * field, keyset paging newest first by scope, name and outcome, cursors
 * bound to their query, what a store audits through the sink, retention
 * (`prune` in batches, recorded as one event), and bad queries, events and
 * prune options rejected before any I/O.
 *
 * Needs vitest (an optional peer dependency of @secrets/core).
 * @module
 */

import type { SecretBackend } from '../backend/secret-backend.js'
import type { AccessLogPage, AccessLogQuery, AccessLogSink } from '../backend-kit/access-log.js'
import { accessLogChecks } from './_access-log-checks.js'
import type { AccessLogKit } from './_access-log-kit.js'
import { accessLogPrune } from './_access-log-prune.js'
import { accessLogReads } from './_access-log-reads.js'
import { afterAll, beforeAll, describe, expect } from './_vitest.js'

/** What `open` returns: the sink under test and what goes with it. */
export interface AccessLogUnderTest {
  /** The sink under test, over a log (table, collection) no other suite writes to. */
  sink: AccessLogSink
  /**
   * Reads the log another way than `sink.query`, such as the store's
   * standalone `queryAccessLog`; the paging tests read some pages with it.
   * @default sink.query
   */
  query?: (query: AccessLogQuery) => Promise<AccessLogPage>
  /** A backend over the same storage: the suite audits a store through the sink. Without it, that test is skipped. */
  backend?: SecretBackend
  /** Releases what `open` made (drop tables, close clients). */
  cleanup?: () => void | Promise<void>
}

/** Options of {@link runAccessLogConformance}. */
export interface AccessLogConformanceOptions {
  /** Names the suite in test output. */
  name: string
  /** Opens the sink under test; called once for the suite. */
  open: () => AccessLogUnderTest | Promise<AccessLogUnderTest>
  /**
   * How many statements (SQL statements, MongoDB commands) the store has run
   * so far. With it the suite also checks that a batch is written with one
   * statement, that a page is read with one, that a prune runs at least one
   * per batch, and that a bad query, event or prune is rejected before any.
   */
  statementCount?: () => number
  /**
   * Strings that are never an event id of this store (ids of another
   * store's form): a cursor holding one is rejected before any I/O.
   * @default []
   */
  foreignIds?: readonly string[]
}

/**
 * Registers the access-log conformance suite with vitest. Call it at the top
 * level of a test file, once per store configuration, next to
 * `runBackendConformance`; keep the tests of the store's own shapes (its
 * statements, ids and indexes, the statements a prune batch is) in the adapter.
 * @example
 * ```ts
 * runAccessLogConformance({
 *   name: 'kysely:sqlite',
 *   open: async () => { … return { sink: kyselyAuditSink({ db }), cleanup: () => db.destroy() } },
 *   statementCount: () => statements.length,
 * })
 * ```
 */
export function runAccessLogConformance(options: AccessLogConformanceOptions): void {
  describe(`access-log conformance: ${options.name}`, () => {
    let opened: AccessLogUnderTest | undefined
    const get = (): AccessLogUnderTest => {
      if (!opened) throw new Error('The access log is not open: did `open` fail?')
      return opened
    }
    const count = () => options.statementCount?.()
    const kit: AccessLogKit = {
      get sink() {
        return get().sink
      },
      read: (query) => {
        const under = get()
        return under.query ? under.query(query) : under.sink.query(query)
      },
      get backend() {
        return get().backend
      },
      foreignIds: options.foreignIds ?? [],
      counting: options.statementCount !== undefined,
      async statementsOf(body) {
        const before = count()
        await body()
        const after = count()
        return before === undefined || after === undefined ? undefined : after - before
      },
      async expectNoStatements(body) {
        const statements = await kit.statementsOf(body)
        if (statements !== undefined) expect(statements).toBe(0)
      },
    }
    beforeAll(async () => {
      opened = await options.open()
    })
    afterAll(async () => {
      await opened?.cleanup?.()
    })
    accessLogReads(kit)
    accessLogChecks(kit)
    accessLogPrune(kit)
  })
}
