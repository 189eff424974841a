import type { RekeyResult } from '../store/types.js'
import { SecretsError, type SecretsErrorOptions } from './secrets-error.js'

/**
 * `rekey()` walked every record but could not rewrap some of them (under a
 * key the keyring lacks, or corrupted): they are still wrapped under their old
 * key, so that key must not be dropped yet. `result` says how many of each
 * were done and lists the records left (scope key, name, version, code only).
 *
 * Fix: add the missing key (`UNKNOWN_KEY_ID`) and run `rekey()` again; a
 * `DECRYPTION_FAILED` record was altered and needs restoring or deleting.
 */
export class RekeyIncompleteError extends SecretsError<'REKEY_INCOMPLETE'> {
  static override readonly code = 'REKEY_INCOMPLETE' as const
  /** What the walk did, with every record it left as it was. */
  readonly result: RekeyResult

  /** @param result the walk's result; `failed` is not empty */
  constructor(result: RekeyResult, options?: SecretsErrorOptions) {
    const codes = [...new Set(result.failed.map((f) => f.code))].join(', ')
    super(
      'REKEY_INCOMPLETE',
      `rekey rewrapped ${result.rewrapped} of ${result.scanned} records, but ${result.failed.length} could not be rewrapped (${codes}) and stay under their old key: do not drop any key yet. Add the missing key to the keyring and run rekey() again.`,
      options,
    )
    this.result = result
  }

  override toJSON() {
    return { ...super.toJSON(), result: this.result }
  }
}
