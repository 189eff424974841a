/**
 * `mongoBackendFromEnv`: the backend and audit sink opened from environment
 * variables, for `@secrets/env` and scripts. The only place the package loads
 * the driver, lazily, so that importing the package never does.
 * @module
 */
import { type EnvBackend, type EnvSource, InvalidArgumentError, SecretsError } from '@secrets/core'
import { assertCollectionPrefix, DEFAULT_COLLECTION_PREFIX } from './_collections.js'
import { toBackendError } from './_errors.js'
import { ensureSecretsIndexes } from './ensure-secrets-indexes.js'
import { mongoAuditSink } from './mongo-audit-sink.js'
import { mongoBackend } from './mongo-backend.js'
import type { MongoDatabase } from './mongo-database.js'

/** What is used of a driver `MongoClient`. */
interface Client {
  connect(): Promise<unknown>
  db(name: string): MongoDatabase
  close(): Promise<void>
}

/** A database name MongoDB accepts on every platform. */
const DATABASE_NAME = /^[^/\\. "$*<>:|?\0]{1,63}$/

async function loadDriver(): Promise<new (url: string) => Client> {
  try {
    const driver = (await import('mongodb')) as unknown as {
      MongoClient: new (url: string) => Client
    }
    return driver.MongoClient
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw cause
    throw new InvalidArgumentError(
      'The mongodb backend needs the MongoDB driver, which is not installed: npm install @secrets/mongodb mongodb',
    )
  }
}

/** The database named in a connection string's path, if any (`mongodb://h1,h2/db?…` → `db`). */
function databaseOf(url: string): string {
  const rest = url.replace(/^mongodb(\+srv)?:\/\//, '').split(/[?#]/, 1)[0] ?? ''
  const slash = rest.indexOf('/')
  if (slash === -1) return ''
  try {
    return decodeURIComponent(rest.slice(slash + 1))
  } catch {
    return rest.slice(slash + 1)
  }
}

/** The URL's password (raw and decoded), to be removed from any message. */
function passwordsOf(url: string): string[] {
  const userInfo = /^mongodb(?:\+srv)?:\/\/([^/?#]*)@/.exec(url)?.[1] ?? ''
  const raw = userInfo.includes(':') ? userInfo.slice(userInfo.indexOf(':') + 1) : ''
  if (raw === '') return []
  try {
    return [raw, decodeURIComponent(raw)]
  } catch {
    return [raw]
  }
}

/** A driver error as BackendError, with the URL's password removed before the message is cut. */
function redacted(error: unknown, secrets: readonly string[], operation: string): Error {
  if (SecretsError.isInstance(error)) return error
  const { name, code, codeName, message } = (error ?? {}) as Record<string, unknown>
  const scrubbed = secrets.reduce(
    (text, secret) => text.split(secret).join('***'),
    typeof message === 'string' ? message : '',
  )
  return toBackendError(operation, { name, code, codeName, message: scrubbed })
}

/**
 * Opens a MongoDB backend from the environment: connects, runs
 * {@link ensureSecretsIndexes}, and returns the backend, its audit sink and
 * `close()` (which closes the client it opened).
 *
 * - `SECRETS_MONGODB_URL` (required): `mongodb://…` or `mongodb+srv://…`.
 * - `SECRETS_MONGODB_DATABASE`: the database; defaults to the one in the URL's path.
 * - `SECRETS_MONGODB_PREFIX`: the collection prefix (default `secrets_`).
 * @param env where to read the variables
 * @returns the backend, its audit sink, and `close()`
 * @throws {InvalidArgumentError} for a missing or invalid variable, naming it and never echoing the URL
 * @throws {InvalidArgumentError} when the driver is not installed
 * @throws {BackendError} when connecting or indexing fails (the URL's password removed)
 * @example
 * ```ts
 * const { backend, audit, close } = await mongoBackendFromEnv()
 * ```
 */
export async function mongoBackendFromEnv(env: EnvSource = process.env): Promise<EnvBackend> {
  const url = env.SECRETS_MONGODB_URL
  if (!url) {
    throw new InvalidArgumentError(
      'SECRETS_MONGODB_URL must be set to a MongoDB connection string, such as mongodb://localhost:27017/app',
    )
  }
  if (!/^mongodb(\+srv)?:\/\/[^/?#]/.test(url)) {
    throw new InvalidArgumentError(
      'SECRETS_MONGODB_URL must be a connection string starting with mongodb:// or mongodb+srv://',
    )
  }
  const database = env.SECRETS_MONGODB_DATABASE || databaseOf(url)
  if (!database) {
    throw new InvalidArgumentError(
      'Set SECRETS_MONGODB_DATABASE, or name the database in SECRETS_MONGODB_URL (mongodb://host/app)',
    )
  }
  if (!DATABASE_NAME.test(database)) {
    throw new InvalidArgumentError(
      `${env.SECRETS_MONGODB_DATABASE ? 'SECRETS_MONGODB_DATABASE' : 'The database in SECRETS_MONGODB_URL'} must be 1 to 63 characters, none of / \\ . " $ * < > : | ? or a space`,
    )
  }
  const collectionPrefix = assertCollectionPrefix(
    env.SECRETS_MONGODB_PREFIX || DEFAULT_COLLECTION_PREFIX,
    'SECRETS_MONGODB_PREFIX',
  )
  const secrets = passwordsOf(url)
  const MongoClient = await loadDriver()
  let client: Client
  try {
    client = new MongoClient(url)
  } catch (error) {
    throw new InvalidArgumentError('SECRETS_MONGODB_URL is not a valid MongoDB connection string', {
      cause: redacted(error, secrets, 'parsing SECRETS_MONGODB_URL').cause,
    })
  }
  try {
    await client.connect()
    const db = client.db(database)
    await ensureSecretsIndexes(db, { collectionPrefix })
    return {
      backend: mongoBackend({ db, collectionPrefix }),
      audit: mongoAuditSink({ db, collectionPrefix }),
      close: () => client.close(),
    }
  } catch (error) {
    await client.close().catch(() => undefined)
    throw redacted(error, secrets, 'connecting')
  }
}
