/**
 * Audit sinks and the dispatcher that applies the fail-closed rule.
 *
 * A sink receives events in batches: one resolve of N secrets is one call.
 * With several sinks an access counts as recorded when at least one of them
 * recorded it (Vault's rule): a local JSON-lines file keeps the service up
 * while the primary audit store is down, without losing the trail.
 * @module
 */
import { AuditError } from '../errors/audit-error.js'
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import type { AuditEvent } from './audit-event.js'

/** Receives audit events. Resolve to acknowledge; reject or throw when they were not recorded. */
export interface AuditSink {
  /** Records a batch of events. */
  write(events: readonly AuditEvent[]): void | Promise<void>
}

/** A sink as configured: an object, or a function that takes one event. */
export type AuditSinkInput = AuditSink | ((event: AuditEvent) => void | Promise<void>)

/** Audit settings of `createSecrets`. */
export interface AuditOptions {
  /** One or several sinks. */
  sinks: AuditSinkInput | readonly AuditSinkInput[]
  /**
   * `fail-closed` (default): an access no sink recorded fails with
   * `AuditError`, and a read returns no value. `best-effort`: the access goes
   * on and the failure goes to `onError`.
   * @default 'fail-closed'
   */
  mode?: 'fail-closed' | 'best-effort'
  /**
   * Told of every sink failure (also the ones that did not fail the access).
   * @default emits a process warning
   */
  onError?: (error: unknown, events: readonly AuditEvent[]) => void
}

/** Sends events to the configured sinks and applies the fail-closed rule. */
export interface AuditDispatcher {
  /**
   * Records events; resolves once at least one sink did.
   * @throws {AuditError} in fail-closed mode when none did
   */
  record(events: readonly AuditEvent[]): Promise<void>
}

/** Normalises a sink input into the batch form. */
export function toAuditSink(input: AuditSinkInput): AuditSink {
  if (typeof input === 'function') {
    return {
      async write(events) {
        for (const event of events) await input(event)
      },
    }
  }
  if (input && typeof input.write === 'function') return input
  throw new InvalidArgumentError(
    'An audit sink must be a function or an object with a write(events) method',
  )
}

function defaultOnError(error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  globalThis.process?.emitWarning?.(`An audit sink failed: ${detail}`, {
    code: 'SECRETS_AUDIT_SINK',
  })
}

/**
 * Builds the dispatcher.
 * @param options sinks, mode and error hook; `undefined` means no audit at all,
 *   which `createSecrets` only allows when asked for with `audit: false`
 */
export function createAuditDispatcher(options: AuditOptions | false): AuditDispatcher {
  if (options === false) return { record: async () => {} }
  const inputs = Array.isArray(options.sinks) ? options.sinks : [options.sinks as AuditSinkInput]
  if (inputs.length === 0)
    throw new InvalidArgumentError('audit.sinks must name at least one sink (or pass audit: false)')
  const sinks = inputs.map(toAuditSink)
  const mode = options.mode ?? 'fail-closed'
  if (mode !== 'fail-closed' && mode !== 'best-effort') {
    throw new InvalidArgumentError('audit.mode must be "fail-closed" or "best-effort"')
  }
  const onError = options.onError ?? defaultOnError

  return {
    async record(events) {
      if (events.length === 0) return
      const results = await Promise.allSettled(sinks.map(async (sink) => sink.write(events)))
      let recorded = 0
      let firstError: unknown
      for (const result of results) {
        if (result.status === 'fulfilled') recorded++
        else {
          firstError ??= result.reason
          try {
            onError(result.reason, events)
          } catch {
            // an error hook that throws must not turn into an unaudited success
          }
        }
      }
      if (recorded === 0 && mode === 'fail-closed') {
        throw new AuditError(
          `No audit sink recorded ${events.length === 1 ? 'the access' : `${events.length} accesses`}; refused (fail-closed)`,
          { cause: firstError },
        )
      }
    },
  }
}
