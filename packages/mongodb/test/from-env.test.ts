import { inspect } from 'node:util'
import {
  BackendError,
  createSecrets,
  generateMasterKey,
  InvalidArgumentError,
  Keyring,
  toScope,
} from '@secrets/core'
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { mongoBackendFromEnv } from '../src/index.js'
import { skipWithoutServer, uniquePrefix, url } from './_server.js'

const PASSWORD = 'pa55-w0rd-not-to-echo'

/** What an error shows, however it is printed. */
const shown = (error: unknown) =>
  `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)} ${String(error)}`

describe('mongoBackendFromEnv: the variables', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{}, /SECRETS_MONGODB_URL must be set/],
    [
      { SECRETS_MONGODB_URL: `postgres://app:${PASSWORD}@db/app` },
      /SECRETS_MONGODB_URL must be .*mongodb:\/\//,
    ],
    [{ SECRETS_MONGODB_URL: `mongodb://app:${PASSWORD}@db:27017` }, /SECRETS_MONGODB_DATABASE/],
    [
      { SECRETS_MONGODB_URL: `mongodb://app:${PASSWORD}@db:27017/?tls=true` },
      /SECRETS_MONGODB_DATABASE/,
    ],
    [
      { SECRETS_MONGODB_URL: `mongodb://app:${PASSWORD}@db/a.b` },
      /database in SECRETS_MONGODB_URL/,
    ],
    [
      { SECRETS_MONGODB_URL: `mongodb://app:${PASSWORD}@db/app`, SECRETS_MONGODB_DATABASE: 'a b' },
      /SECRETS_MONGODB_DATABASE must be/,
    ],
    [
      {
        SECRETS_MONGODB_URL: `mongodb://app:${PASSWORD}@db/app`,
        SECRETS_MONGODB_PREFIX: 'bad-prefix',
      },
      /SECRETS_MONGODB_PREFIX must match/,
    ],
  ]

  it.each(cases)('refuses %o, naming the variable, without the URL', async (env, message) => {
    const error = await mongoBackendFromEnv(env).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidArgumentError)
    expect((error as Error).message).toMatch(message)
    expect(shown(error)).not.toContain(PASSWORD)
    expect(shown(error)).not.toContain('@db')
  })

  it('fails to connect with BackendError, without the password', async () => {
    const error = await mongoBackendFromEnv({
      SECRETS_MONGODB_URL: `mongodb://app:${PASSWORD}@127.0.0.1:9/app?serverSelectionTimeoutMS=300`,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendError)
    expect((error as Error).message).toMatch(/^mongodb: connecting failed: /)
    expect(shown(error)).not.toContain(PASSWORD)
  })

  it('refuses a connection string the driver cannot parse, without echoing it', async () => {
    const error = await mongoBackendFromEnv({
      SECRETS_MONGODB_URL: `mongodb://app:${PASSWORD}@db/app?unknownOption=${PASSWORD}&tls=maybe`,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidArgumentError)
    expect((error as Error).message).toBe(
      'SECRETS_MONGODB_URL is not a valid MongoDB connection string',
    )
    expect(shown(error)).not.toContain(PASSWORD)
  })
})

describe.skipIf(skipWithoutServer())('mongoBackendFromEnv: a working server', () => {
  it('connects, indexes, and returns a backend, its audit sink and close()', async () => {
    const prefix = uniquePrefix()
    const opened = await mongoBackendFromEnv({
      SECRETS_MONGODB_URL: url,
      SECRETS_MONGODB_DATABASE: 'secrets_test_env',
      SECRETS_MONGODB_PREFIX: prefix,
    })
    const inspector = new MongoClient(url!)
    try {
      expect(opened.backend.name).toBe('mongodb')
      const secrets = createSecrets({
        backend: opened.backend,
        keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
        audit: opened.audit!,
      })
      const s = secrets.scope({ user: 'ann', server: 'github' })
      await s.set('TOKEN', 'ghp_x', { accessor: 'test' })
      expect(await s.get('TOKEN', { accessor: 'test' })).toBe('ghp_x')
      const db = inspector.db('secrets_test_env')
      expect(
        (await db.collection(`${prefix}secrets`).listIndexes().toArray()).map((i) => i.name),
      ).toContain('s_1_n_1')
      expect(await db.collection(`${prefix}access_log`).countDocuments()).toBe(2)
      await opened.close()
      // close() closed the client it opened.
      await expect(opened.backend.list(toScope({}), { limit: 1 })).rejects.toMatchObject({
        code: 'BACKEND_ERROR',
        cause: { name: 'MongoNotConnectedError' },
      })
    } finally {
      const db = inspector.db('secrets_test_env')
      for (const name of ['secrets', 'access_log'])
        await db
          .collection(`${prefix}${name}`)
          .drop()
          .catch(() => undefined)
      await inspector.close()
    }
  })
})
