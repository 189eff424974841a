/**
 * Audit sinks and the dispatcher that applies the fail-closed rule.
 *
 * A sink receives events in batches: one resolve of N secrets is one call.
 * With several sinks an access counts as recorded as soon as one of them
 * acknowledges it (Vault's rule): a local JSON-lines file keeps the service up
 * while the primary audit store is down or hanging, without losing the trail.
 * A sink that has not acknowledged within `timeoutMs` counts as failed; the
 * sinks still pending when the access goes on are reported to `onError` if
 * they fail or time out later.
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
   * Told of every sink failure (also the ones that did not fail the access,
   * and the ones that failed or timed out after another sink acknowledged).
   * @default emits a process warning
   */
  onError?: (error: unknown, events: readonly AuditEvent[]) => void
  /**
   * How long one sink may take to acknowledge a batch before it counts as failed.
   * @default 5000
   */
  timeoutMs?: number
}

/** Sends events to the configured sinks and applies the fail-closed rule. */
export interface AuditDispatcher {
  /**
   * Records events; resolves as soon as one sink acknowledged them.
   * @throws {AuditError} in fail-closed mode when every sink failed or timed out
   */
  record(events: readonly AuditEvent[]): Promise<void>
}

/** Normalises a sink input into the batch form. */
export function toAuditSink(input: AuditSinkInput): AuditSink {
  if (typeof input === 'function') {
    return {
      // Synchronous while the function is: a sink that returns nothing
      // acknowledges at once, with no promise or timer on the read path.
      write(events) {
        for (let i = 0; i < events.length; i++) {
          const result = input(events[i]!)
          if (result && typeof result.then === 'function') {
            return result.then(async () => {
              for (let j = i + 1; j < events.length; j++) await input(events[j]!)
            })
          }
        }
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
 * What `record` returns when a sink acknowledged at once: one settled promise
 * for all, so the read path can tell that there is nothing to wait for.
 * Internal (not exported from the package).
 */
export const _RECORDED: Promise<void> = Promise.resolve()
const RECORDED = _RECORDED

/** The error a sink that did not acknowledge in time is reported with. */
function timedOut(timeoutMs: number): AuditError {
  return new AuditError(`An audit sink did not acknowledge within ${timeoutMs} ms`)
}

/**
 * Builds the dispatcher.
 * @param options sinks, mode, timeout and error hook; `false` means no audit
 *   at all, which `createSecrets` only allows when asked for with `audit: false`
 */
export function createAuditDispatcher(options: AuditOptions | false): AuditDispatcher {
  if (options === false) return { record: () => RECORDED }
  const inputs = Array.isArray(options.sinks) ? options.sinks : [options.sinks as AuditSinkInput]
  if (inputs.length === 0)
    throw new InvalidArgumentError('audit.sinks must name at least one sink (or pass audit: false)')
  const sinks = inputs.map(toAuditSink)
  const mode = options.mode ?? 'fail-closed'
  if (mode !== 'fail-closed' && mode !== 'best-effort') {
    throw new InvalidArgumentError('audit.mode must be "fail-closed" or "best-effort"')
  }
  const timeoutMs = options.timeoutMs ?? 5000
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new InvalidArgumentError('audit.timeoutMs must be a positive number of milliseconds')
  const onError = options.onError ?? defaultOnError
  const report = (error: unknown, events: readonly AuditEvent[]) => {
    try {
      onError(error, events)
    } catch {
      // an error hook that throws must not turn into an unaudited success
    }
  }

  /** Settles with null when the sink acknowledged in time, else with its (reported) error. */
  function acknowledged(pending: PromiseLike<void>, events: readonly AuditEvent[]) {
    return new Promise<{ error: unknown } | null>((resolve) => {
      const timer = setTimeout(() => {
        const error = timedOut(timeoutMs)
        report(error, events)
        resolve({ error })
      }, timeoutMs)
      ;(timer as { unref?: () => void }).unref?.()
      pending.then(
        () => {
          clearTimeout(timer)
          resolve(null)
        },
        (error: unknown) => {
          clearTimeout(timer)
          report(error, events)
          resolve({ error })
        },
      )
    })
  }

  function refuse(events: readonly AuditEvent[], cause: unknown): void {
    if (mode !== 'fail-closed') return
    throw new AuditError(
      `No audit sink recorded ${events.length === 1 ? 'the access' : `${events.length} accesses`}; refused (fail-closed)`,
      { cause },
    )
  }

  /** Waits for the first of the watched sinks to acknowledge; refuses when none does. */
  async function firstAcknowledgement(
    events: readonly AuditEvent[],
    watched: Array<Promise<{ error: unknown } | null>>,
    firstError: unknown,
  ): Promise<void> {
    const failure = await new Promise<{ error: unknown } | null>((resolve) => {
      let left = watched.length
      for (const w of watched) {
        void w.then((failed) => {
          if (!failed) resolve(null)
          else if (--left === 0) resolve({ error: firstError ?? failed.error })
        })
      }
    })
    if (failure) refuse(events, failure.error)
  }

  return {
    // Not an async function: with a sink that acknowledges at once (the common
    // case), recording costs no promise of its own on the read path.
    record(events) {
      if (events.length === 0) return RECORDED
      const pending: Array<PromiseLike<void>> = []
      let firstError: unknown
      let acked = false
      for (const sink of sinks) {
        try {
          const result = sink.write(events)
          if (result && typeof (result as PromiseLike<void>).then === 'function')
            pending.push(result as PromiseLike<void>)
          else acked = true
        } catch (error) {
          firstError ??= error
          report(error, events)
        }
      }
      // A sink that acknowledged at once (synchronous sinks do) is enough: the
      // others are still watched, and reported if they fail or time out.
      const watched = pending.map((p) => acknowledged(p, events))
      if (acked) return RECORDED
      try {
        if (watched.length === 0) refuse(events, firstError)
      } catch (error) {
        return Promise.reject(error)
      }
      return watched.length === 0 ? RECORDED : firstAcknowledgement(events, watched, firstError)
    },
  }
}
