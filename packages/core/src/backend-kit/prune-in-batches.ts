/**
 * The retention loop both record stores run: delete the oldest events in
 * bounded batches until a batch comes back short, then record one prune
 * event, also when a batch fails part way (the batches before it stay
 * deleted, and the event says how many).
 * @module
 */
import type { AuditEvent } from '../audit/audit-event.js'
import { SecretsError } from '../errors/secrets-error.js'
import { parsePruneOptions, pruneEvent } from './access-log.js'

/** What a store does for {@link pruneInBatches}. */
export interface PruneSteps {
  /**
   * Deletes up to `batchSize` of the oldest events before `before`.
   * @returns how many it found and how many it deleted (fewer when another prune took some)
   */
  deleteBatch(before: Date, batchSize: number): Promise<{ found: number; deleted: number }>
  /** Writes the prune event. */
  record(event: AuditEvent): Promise<void>
  /** The error to throw for a failed batch (a `BackendError` of the store). */
  toError(error: unknown): Error
}

/**
 * Checks the prune options, deletes in batches and records the prune event.
 * @param options `PruneAccessLogOptions`, unchecked
 * @returns how many events were deleted
 * @throws {InvalidArgumentError} for bad options, before any I/O
 * @throws the store's error (from `toError`) when a batch fails, after recording the batches before it
 */
export async function pruneInBatches(options: unknown, steps: PruneSteps): Promise<number> {
  const checked = parsePruneOptions(options)
  const { before, batchSize } = checked
  let deleted = 0
  try {
    let found: number
    do {
      const batch = await steps.deleteBatch(before, batchSize)
      found = batch.found
      deleted += batch.deleted
    } while (found === batchSize)
  } catch (error) {
    const failure = steps.toError(error)
    const errorCode = SecretsError.isInstance(failure) ? failure.code : 'BACKEND_ERROR'
    await steps.record(pruneEvent(checked, deleted, errorCode)).catch(() => undefined)
    throw failure
  }
  await steps.record(pruneEvent(checked, deleted))
  return deleted
}
