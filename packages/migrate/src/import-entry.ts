/**
 * What a source yields: one secret to import, with the scope it goes to.
 * @module
 */
import type { ScopeInput } from '@secrets/core'

/** One secret to import. */
export interface ImportEntry {
  /** The scope it goes to, such as `{ tenant: 'acme' }` (`{}` for the global scope). */
  scope: ScopeInput
  /** The secret's name. */
  name: string
  /**
   * The value, or a function that makes it (decrypts it, checks its type).
   * A function is called inside the import, so that one entry that cannot be
   * read is reported as failed, with its error's code, and the others go on.
   */
  value: string | (() => string)
  /** A description kept beside a value that is written (never the value). */
  description?: string
}

/** A source: any iterable, sync or async, of entries (an array, a generator, a database cursor). */
export type SecretSource = Iterable<ImportEntry> | AsyncIterable<ImportEntry>
