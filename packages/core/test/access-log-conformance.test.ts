/**
 * The access-log suite over a reference sink in memory, built from the
 * backend kit's access-log parts the way record stores build theirs: it
 * proves the suite passes a correct sink without a server (its prune
 * deletes the oldest events a batch at a time, as stores do), and that it
 * counts statements and checks foreign ids.
 */
import {
  type AccessLogEntry,
  type AccessLogSink,
  type AuditAction,
  type AuditEvent,
  type AuditOutcome,
  accessLogCursor,
  memoryBackend,
  parseAccessLogQuery,
  parsePruneOptions,
  pruneEvent,
  type StoredAuditEvent,
  scopeHash,
  storedAuditEvent,
} from '../src/index.js'
import { runAccessLogConformance } from '../src/testing/index.js'

/** A sink over an array; every write, query and prune batch counts as one statement. */
function referenceSink(): AccessLogSink & { statements: number } {
  const rows: Array<StoredAuditEvent & { id: number }> = []
  let lastId = 0
  const toEntry = (row: StoredAuditEvent & { id: number }): AccessLogEntry => ({
    id: String(row.id),
    time: new Date(row.time),
    action: row.action as AuditAction,
    outcome: row.outcome as AuditOutcome,
    scope: { ...row.scope.segments },
    name: row.name,
    version: row.version,
    accessor: row.accessor,
    reason: row.reason,
    ...(row.errorCode === null ? {} : { errorCode: row.errorCode }),
    ...(row.usedAt === null ? {} : { usedAt: row.usedAt }),
    ...(row.count === null ? {} : { count: row.count }),
  })
  const sink = {
    statements: 0,
    async write(events: readonly AuditEvent[]) {
      const stored = events.map(storedAuditEvent)
      if (stored.length === 0) return
      sink.statements++
      for (const event of stored) rows.push({ ...event, id: ++lastId })
    },
    async query(query: Parameters<AccessLogSink['query']>[0]) {
      const parsed = parseAccessLogQuery(query, (id) => /^[1-9][0-9]{0,14}$/.test(id))
      const { scope, name, outcomes, limit, before } = parsed
      sink.statements++
      const hash = scopeHash(scope.key)
      const found = rows
        .filter(
          (row) =>
            row.scopeHash === hash &&
            (name === undefined || row.name === name) &&
            (outcomes === undefined || (outcomes as readonly string[]).includes(row.outcome)) &&
            (before === undefined || row.id < Number(before)),
        )
        .reverse()
        .slice(0, limit + 1)
      const items = found.slice(0, limit).map(toEntry)
      return { items, cursor: accessLogCursor(items.at(-1)?.id, parsed, found.length > limit) }
    },
    async prune(options: Parameters<AccessLogSink['prune']>[0]) {
      const parsed = parsePruneOptions(options)
      const { before, batchSize } = parsed
      let deleted = 0
      let last: number
      do {
        // One batch: the oldest `batchSize` events before the cut-off.
        sink.statements++
        const batch = rows
          .filter((row) => row.time < before.getTime())
          .sort((a, b) => a.time - b.time)
          .slice(0, batchSize)
        for (const row of batch) rows.splice(rows.indexOf(row), 1)
        last = batch.length
        deleted += last
      } while (last === batchSize)
      await sink.write([pruneEvent(parsed, deleted)])
      return deleted
    },
  }
  return sink
}

let sink = referenceSink()
runAccessLogConformance({
  name: 'reference sink',
  open: () => {
    sink = referenceSink()
    return { sink, backend: memoryBackend() }
  },
  statementCount: () => sink.statements,
  foreignIds: ['0', '01', 'abc', '1'.repeat(16)],
})

runAccessLogConformance({
  name: 'reference sink, without a counter or a backend',
  open: () => ({ sink: referenceSink() }),
})
