/**
 * What an import did, in counts, names and codes: a report never holds a value.
 * @module
 */
import type { ScopeInput } from '@secrets/core'

/** An entry that was not imported. */
export interface ImportFailure {
  /** The scope it was for (as the source gave it). */
  scope: ScopeInput
  /** The secret's name. */
  name: string
  /**
   * Why, as a code: `CONFLICT` (a different value is stored and `conflict` is
   * `'fail'`, or another writer got there first), `INVALID_NAME`,
   * `INVALID_VALUE`, `INVALID_SCOPE`, `DECRYPTION_FAILED` (a Fernet or MCP
   * value that does not open under the key), or `SOURCE_ERROR` (the source's
   * value function threw something else).
   */
  code: string
}

/** The outcome of {@link importSecrets}. */
export interface ImportReport {
  /** Secrets that did not exist and were written (or would be, in a dry run). */
  created: number
  /** Secrets that held another value and got a new version (`conflict: 'overwrite'`). */
  updated: number
  /** Secrets that already held the same value: nothing was written. */
  unchanged: number
  /** Secrets that held another value and were left alone (`conflict: 'skip'`). */
  skipped: number
  /** Entries that were not imported, with why. */
  failed: ImportFailure[]
  /** Whether this was a dry run (nothing written). */
  dryRun: boolean
}

/** Progress after each batch. */
export interface ImportProgress {
  /** Entries looked at so far. */
  processed: number
  /** Counts so far. */
  created: number
  updated: number
  unchanged: number
  skipped: number
  failed: number
}

/** A new, empty report. */
export function emptyReport(dryRun: boolean): ImportReport {
  return { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: [], dryRun }
}
