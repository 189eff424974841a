/**
 * Audit events: one per access, written before a read returns its value.
 * An event never holds a secret value.
 * @module
 */

/** Every action an audit event can record, in this order (frozen). */
export const AUDIT_ACTIONS = Object.freeze([
  'read',
  'write',
  'rotate',
  'delete',
  'list',
  'versions',
  'rekey',
  'key_usage',
  'prune',
] as const)

/** What was done. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** Every way an access can end, in this order (frozen). */
export const AUDIT_OUTCOMES = Object.freeze([
  'success',
  'not_found',
  'conflict',
  'decryption_failed',
  'error',
] as const)

/** How it ended. */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number]

/** One audited access. */
export interface AuditEvent {
  /** When the access happened. */
  time: Date
  /** What was done. */
  action: AuditAction
  /** How it ended. */
  outcome: AuditOutcome
  /** The scope's segments (`{}` for store-wide actions such as rekey). */
  scope: Readonly<Record<string, string>>
  /** The secret's name; null for list, rekey and prune. */
  name: string | null
  /** The version read or written, when known. */
  version: number | null
  /** Who accessed it, as the caller said (`plugin:slack`, `user:alice`, `job:backup`). */
  accessor: string | null
  /** Why, as the caller said. */
  reason: string | null
  /** The error code when the outcome is not success. */
  errorCode?: string
  /** Where the value is used, such as config paths from `resolveConfig`. */
  usedAt?: readonly string[]
  /**
   * Counts for store-wide actions (rekey: records rewrapped; key_usage: records
   * scanned; list: items returned; prune: access-log events deleted).
   */
  count?: number
}
