export {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  type AuditAction,
  type AuditEvent,
  type AuditOutcome,
} from './audit-event.js'
export {
  type AuditDispatcher,
  type AuditOptions,
  type AuditSink,
  type AuditSinkInput,
  createAuditDispatcher,
  toAuditSink,
} from './audit-sink.js'
export {
  jsonLinesAuditSink,
  type MemoryAuditSink,
  memoryAuditSink,
  type WritableLike,
} from './sinks.js'
