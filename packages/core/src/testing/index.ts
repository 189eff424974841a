/**
 * @secrets/core/testing: the conformance kits for adapter authors (backends
 * and access-log sinks). Requires vitest (an optional peer dependency).
 * @module
 */
export { accessLogEvent } from './access-log-event.js'
export { badPruneOptions } from './bad-prune-options.js'
export { type CountingBackend, countingBackend } from './counting-backend.js'
export {
  type AccessLogConformanceOptions,
  type AccessLogUnderTest,
  runAccessLogConformance,
} from './run-access-log-conformance.js'
export {
  type ConformanceOptions,
  type RawStorage,
  runBackendConformance,
} from './run-backend-conformance.js'
