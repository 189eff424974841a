/**
 * Fernet-encrypted values as a source: rows that an application built on
 * Python's `cryptography.fernet` kept, decrypted with its key on the way in.
 * @module
 */
import { InvalidValueError, type ScopeInput } from '@secrets/core'
import {
  type FernetDecryptOptions,
  type FernetKey,
  fernetDecrypt,
  parseFernetKeys,
} from './fernet-decrypt.js'
import type { ImportEntry } from './import-entry.js'

/** One encrypted value. */
export interface FernetRecord {
  /** The scope it goes to. */
  scope: ScopeInput
  /** The secret's name. */
  name: string
  /** The Fernet token. */
  token: string
  /** An optional description. */
  description?: string
}

/** Options of {@link fernetSource}. */
export interface FernetSourceOptions extends FernetDecryptOptions {
  /** The old system's key (`Fernet.generate_key()`), or its `MultiFernet` keys. */
  key: string | readonly string[]
  /** The encrypted values: an array, a generator, a database cursor. */
  records: Iterable<FernetRecord> | AsyncIterable<FernetRecord>
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The entries of Fernet-encrypted records. A token that does not decrypt is
 * reported as failed (`DECRYPTION_FAILED`); plaintext that is not UTF-8 as
 * `INVALID_VALUE`.
 * @param options the key(s), the records, and an optional TTL
 * @returns the entries, decrypted as the import reads them
 * @throws {InvalidArgumentError} at once, for a malformed key
 * @example
 * ```ts
 * const records = [{ scope: { tenant: 'acme' }, name: 'SMTP_PASSWORD', token: 'gAAAAAB…' }]
 * await importSecrets(secrets, fernetSource({ key: process.env.NEXUS_FERNET_KEY!, records }))
 * ```
 */
export function fernetSource(options: FernetSourceOptions): AsyncIterable<ImportEntry> {
  const keys = parseFernetKeys(options.key)
  const decrypt: FernetDecryptOptions = {}
  if (options.ttlSeconds !== undefined) decrypt.ttlSeconds = options.ttlSeconds
  if (options.now !== undefined) decrypt.now = options.now
  return entries(options.records, keys, decrypt)
}

async function* entries(
  records: FernetSourceOptions['records'],
  keys: readonly FernetKey[],
  decrypt: FernetDecryptOptions,
): AsyncGenerator<ImportEntry> {
  for await (const record of records) {
    const value = () => {
      const bytes = fernetDecrypt(record.token, keys, decrypt)
      try {
        return utf8.decode(bytes)
      } catch {
        throw new InvalidValueError(`The value of "${record.name}" is not UTF-8 text`)
      }
    }
    const entry: ImportEntry = { scope: record.scope, name: record.name, value }
    if (record.description !== undefined) entry.description = record.description
    yield entry
  }
}
