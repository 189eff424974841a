/**
 * The audit event the access-log suite writes, for an adapter's own
 * access-log tests.
 * @module
 */
import type { AuditEvent } from '../audit/audit-event.js'

/**
 * Event number `i`: a successful read at second `i` of 2025-01-01 (UTC), in
 * scope `{ tenant: 'log' }`, of `NAME_${i % 3}` version `i + 1`, by
 * `user:${i}` for `reason ${i}`; `overrides` replaces any field.
 * @example
 * ```ts
 * await sink.write([accessLogEvent(0), accessLogEvent(1, { outcome: 'not_found' })])
 * ```
 */
export function accessLogEvent(i: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
    action: 'read',
    outcome: 'success',
    scope: { tenant: 'log' },
    name: `NAME_${i % 3}`,
    version: i + 1,
    accessor: `user:${i}`,
    reason: `reason ${i}`,
    ...overrides,
  }
}
