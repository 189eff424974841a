/**
 * The MCP note's stored credentials as a source: records
 * `{ username, server, key, value }` whose value is AES-256-GCM hex
 * `iv:authTag:ciphertext` under SHA-256 of the master key, read from a
 * MongoDB collection or a JSON dump, each into scope `{ user, server }`.
 * @module
 */
import { InvalidArgumentError } from '@secrets/core'
import { mcpKey, openMcpValue } from './_mcp-cipher.js'
import type { ImportEntry } from './import-entry.js'

/** One stored credential, as the MCP note's collection holds it. */
export interface McpRecord {
  /** The user it belongs to: the scope's `user`. */
  username: string
  /** The MCP server it is for: the scope's `server`. */
  server: string
  /** The credential's name: the secret's name. */
  key: string
  /** Hex `iv:authTag:ciphertext`. */
  value: string
}

/** The part of a MongoDB collection that is used: `find()`, whose cursor is async iterable. */
export interface McpCollection {
  find(): AsyncIterable<unknown>
}

/** Options of {@link mcpSource}. */
export interface McpSourceOptions {
  /** The note's master key string, as its process read it (`MASTER_KEY`). */
  masterKey: string
  /** The collection to read every record of. */
  collection?: McpCollection
  /** Or the records: the parsed array of a JSON dump (`mongoexport --jsonArray`). */
  records?: Iterable<unknown> | AsyncIterable<unknown>
}

/**
 * The entries of the MCP note's records, decrypted as the import reads them.
 * A record whose value does not open is reported as failed
 * (`DECRYPTION_FAILED`); one without a username or server as `INVALID_SCOPE`.
 * Other fields (`_id`, timestamps) are ignored.
 * @param options the master key, and the collection or the records
 * @returns one entry per record
 * @throws {InvalidArgumentError} at once, without a master key or with not exactly one of `collection` and `records`
 * @example
 * ```ts
 * const collection = mongo.db('mcp').collection('credentials')
 * await importSecrets(secrets, mcpSource({ masterKey: process.env.MASTER_KEY!, collection }))
 * ```
 */
export function mcpSource(options: McpSourceOptions): AsyncIterable<ImportEntry> {
  const { masterKey, collection, records } = options ?? ({} as McpSourceOptions)
  if (typeof masterKey !== 'string' || masterKey === '') {
    throw new InvalidArgumentError('mcpSource needs the "masterKey" the MCP note encrypted with')
  }
  if ((collection === undefined) === (records === undefined)) {
    throw new InvalidArgumentError('mcpSource needs either "collection" or "records"')
  }
  if (collection !== undefined && typeof collection.find !== 'function') {
    throw new InvalidArgumentError('"collection" must have find(), as a MongoDB collection does')
  }
  return entries(collection ? collection.find() : (records as Iterable<unknown>), mcpKey(masterKey))
}

async function* entries(
  records: Iterable<unknown> | AsyncIterable<unknown>,
  key: Buffer,
): AsyncGenerator<ImportEntry> {
  for await (const record of records) {
    const { username, server, key: name, value } = (record ?? {}) as Partial<McpRecord>
    yield {
      scope: { user: username as string, server: server as string },
      name: name as string,
      value: () => openMcpValue(value, key),
    }
  }
}
