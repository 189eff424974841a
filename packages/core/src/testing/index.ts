/**
 * @secrets/core/testing: the backend conformance kit for adapter authors.
 * Requires vitest (an optional peer dependency).
 * @module
 */
export { type CountingBackend, countingBackend } from './counting-backend.js'
export {
  type ConformanceOptions,
  type RawStorage,
  runBackendConformance,
} from './run-backend-conformance.js'
