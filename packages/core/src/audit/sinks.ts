/**
 * Ready-made audit sinks: in-memory (tests), JSON lines to a stream, and a
 * console sink for development.
 * @module
 */
import type { AuditEvent } from './audit-event.js'
import type { AuditSink } from './audit-sink.js'

/** An in-memory sink that keeps every event, for tests. */
export interface MemoryAuditSink extends AuditSink {
  /** Every event recorded so far, oldest first. */
  readonly events: AuditEvent[]
  /** How many `write` calls (batches) it has received. */
  readonly batches: number
  /** Forgets every event. */
  clear(): void
}

/**
 * Keeps events in memory. For tests and development.
 * @example
 * ```ts
 * const audit = memoryAuditSink()
 * const secrets = createSecrets({ backend, keyring, audit: { sinks: audit } })
 * audit.events.at(-1)?.action // 'read'
 * ```
 */
export function memoryAuditSink(): MemoryAuditSink {
  const events: AuditEvent[] = []
  let batches = 0
  return {
    events,
    get batches() {
      return batches
    },
    write(batch) {
      batches++
      events.push(...batch)
    },
    clear() {
      events.length = 0
      batches = 0
    },
  }
}

/** Something that takes text, such as `process.stdout` or a `fs.WriteStream`. */
export interface WritableLike {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean
}

/**
 * Writes each event as one JSON line (`time` as ISO 8601) to a stream, and
 * acknowledges once the stream has taken the batch.
 * @param stream for example `fs.createWriteStream('audit.log', { flags: 'a', mode: 0o600 })`
 */
export function jsonLinesAuditSink(stream: WritableLike): AuditSink {
  return {
    write(events) {
      const text = events.map((e) => `${JSON.stringify(e)}\n`).join('')
      return new Promise<void>((resolve, reject) => {
        stream.write(text, (error) => (error ? reject(error) : resolve()))
      })
    },
  }
}
