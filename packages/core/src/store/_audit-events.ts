/**
 * Audit events of the store: how they are built, how a failure maps to an
 * outcome, and the rule for changes that were applied but not recorded.
 * Internal.
 * @module
 */
import type { AuditAction, AuditEvent, AuditOutcome } from '../audit/audit-event.js'
import type { AuditDispatcher } from '../audit/audit-sink.js'
import type { Scope } from '../backend/scope.js'
import { AuditError } from '../errors/audit-error.js'
import { BackendError } from '../errors/backend-error.js'
import { SecretsError } from '../errors/secrets-error.js'

/** The optional fields of an event. */
export type EventFields = Partial<
  Pick<
    AuditEvent,
    'time' | 'name' | 'version' | 'accessor' | 'reason' | 'errorCode' | 'usedAt' | 'count'
  >
>

/** Builds and records the store's audit events. */
export interface AuditEvents {
  /** One event, stamped with the store's clock. */
  event(scope: Scope, action: AuditAction, outcome: AuditOutcome, fields: EventFields): AuditEvent
  /** Maps any failure to an outcome and a SecretsError (drivers' errors become BackendError). */
  classify(error: unknown, operation: string): { outcome: AuditOutcome; error: SecretsError }
  /**
   * Records events.
   * @throws {AuditError} when no sink recorded them (fail-closed)
   */
  record(events: readonly AuditEvent[]): Promise<void>
  /**
   * Records a change that already happened; a fail-closed refusal says that
   * the change was applied, so the caller does not retry it blindly.
   */
  recordApplied(events: readonly AuditEvent[]): Promise<void>
  /** Records the failure of an operation and returns the error to throw. */
  recordFailure(
    scope: Scope,
    action: AuditAction,
    cause: unknown,
    fields: EventFields,
  ): Promise<SecretsError>
}

const OUTCOMES: Partial<Record<string, AuditOutcome>> = {
  CONFLICT: 'conflict',
  DECRYPTION_FAILED: 'decryption_failed',
  UNKNOWN_KEY_ID: 'decryption_failed',
  SECRET_NOT_FOUND: 'not_found',
}

/** Builds the audit helpers over a dispatcher. */
export function createAuditEvents(
  backendName: string,
  dispatcher: AuditDispatcher,
  now: () => Date,
): AuditEvents {
  const events: AuditEvents = {
    event(scope, action, outcome, fields) {
      const e: AuditEvent = {
        time: fields.time ?? now(),
        action,
        outcome,
        scope: scope.segments,
        name: fields.name ?? null,
        version: fields.version ?? null,
        accessor: fields.accessor ?? null,
        reason: fields.reason ?? null,
      }
      if (fields.errorCode !== undefined) e.errorCode = fields.errorCode
      if (fields.usedAt !== undefined) e.usedAt = fields.usedAt
      if (fields.count !== undefined) e.count = fields.count
      return e
    },
    classify(error, operation) {
      if (SecretsError.isInstance(error)) return { outcome: OUTCOMES[error.code] ?? 'error', error }
      return {
        outcome: 'error',
        error: new BackendError(`Backend "${backendName}" failed to ${operation}`, {
          cause: error,
        }),
      }
    },
    record: (batch) => dispatcher.record(batch),
    async recordApplied(batch) {
      try {
        await dispatcher.record(batch)
      } catch (err) {
        if (!AuditError.isInstance(err)) throw err
        throw new AuditError(`The ${batch[0]!.action} was applied, but no audit sink recorded it`, {
          cause: err.cause,
        })
      }
    },
    async recordFailure(scope, action, cause, fields) {
      const { outcome, error } = events.classify(cause, action)
      await dispatcher.record([
        events.event(scope, action, outcome, { ...fields, errorCode: error.code }),
      ])
      return error
    },
  }
  return events
}
