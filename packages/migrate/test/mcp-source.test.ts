/**
 * The MCP note's records, encrypted as its Node code does, imported from a
 * JSON dump and from a MongoDB collection (SECRETS_TEST_MONGODB_URL: the
 * mongo-java-server emulator that scripts/services.sh starts).
 */
import { randomUUID } from 'node:crypto'
import { InvalidArgumentError } from '@secrets/core'
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { importSecrets, type McpRecord, mcpSource } from '../src/index.js'
import { skipWithout } from './_env.js'
import { mcpEncrypt } from './_mcp-encrypt.js'
import { testStore } from './_stores.js'

const MASTER_KEY = 'mcp-master-key-from-the-notes-env-0123456789'
const ctx = { accessor: 'test' }

/** Records as the note stores them: per user and server, both IV sizes. */
function records(): Array<McpRecord & { createdAt: string }> {
  const plain: Array<[string, string, string, string]> = [
    ['alice@example.com', 'github', 'GITHUB_TOKEN', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
    [
      'alice@example.com',
      'slack',
      'SLACK_BOT_TOKEN',
      'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy',
    ],
    ['bob', 'github', 'GITHUB_TOKEN', 'ghp_bobsTokenValue000000000000000000000'],
    ['bob', 'postgres', 'DATABASE_URL', 'postgres://bob:ünïcödé@db:5432/bob'],
  ]
  return plain.map(([username, server, key, value], i) => ({
    username,
    server,
    key,
    value: mcpEncrypt(MASTER_KEY, value, i % 2 === 0 ? 16 : 12),
    createdAt: new Date(2024, 0, i + 1).toISOString(),
  }))
}

describe('mcpSource', () => {
  it('imports a JSON dump into scope { user, server }, then finds it unchanged', async () => {
    const dump = JSON.parse(JSON.stringify(records())) as unknown[]
    const { secrets } = testStore()
    const report = await importSecrets(secrets, mcpSource({ masterKey: MASTER_KEY, records: dump }))
    expect(report).toMatchObject({ created: 4, failed: [] })
    expect(
      await secrets
        .scope({ user: 'alice@example.com', server: 'slack' })
        .get('SLACK_BOT_TOKEN', ctx),
    ).toBe('xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy')
    expect(await secrets.scope({ user: 'bob', server: 'postgres' }).get('DATABASE_URL', ctx)).toBe(
      'postgres://bob:ünïcödé@db:5432/bob',
    )
    const again = await importSecrets(secrets, mcpSource({ masterKey: MASTER_KEY, records: dump }))
    expect(again).toMatchObject({ created: 0, unchanged: 4 })
  })

  it('reports tampered values, a wrong master key and incomplete records, with no value', async () => {
    const [good, tampered, other, noUser] = records()
    const parts = tampered!.value.split(':')
    const flipped = `${parts[0]}:${parts[1]}:${(parts[2]![0] === 'a' ? 'b' : 'a') + parts[2]!.slice(1)}`
    const dump = [
      good,
      { ...tampered, value: flipped },
      { ...other, value: mcpEncrypt('another master key', 'ghp_wrongkey') },
      { ...noUser, username: undefined },
      { ...good, key: 'MALFORMED', value: 'not:hex' },
    ]
    const { secrets } = testStore()
    const report = await importSecrets(secrets, mcpSource({ masterKey: MASTER_KEY, records: dump }))
    expect(report.created).toBe(1)
    expect(report.failed.map((f) => f.code)).toEqual([
      'DECRYPTION_FAILED',
      'DECRYPTION_FAILED',
      'INVALID_SCOPE',
      'DECRYPTION_FAILED',
    ])
    expect(JSON.stringify(report)).not.toMatch(/ghp_|xoxb|postgres:/)
  })

  it('checks its options at once', () => {
    expect(() => mcpSource({ masterKey: '', records: [] })).toThrow(InvalidArgumentError)
    expect(() => mcpSource({ masterKey: MASTER_KEY })).toThrow(InvalidArgumentError)
  })

  it.skipIf(skipWithout('SECRETS_TEST_MONGODB_URL'))(
    'imports from a MongoDB collection',
    async () => {
      const client = new MongoClient(process.env.SECRETS_TEST_MONGODB_URL!)
      const collection = client.db().collection(`mcp_credentials_${randomUUID().slice(0, 8)}`)
      try {
        await collection.insertMany(records())
        const { secrets } = testStore()
        const report = await importSecrets(
          secrets,
          mcpSource({ masterKey: MASTER_KEY, collection }),
        )
        expect(report).toMatchObject({ created: 4, failed: [] })
        expect(
          await secrets.scope({ user: 'bob', server: 'github' }).get('GITHUB_TOKEN', ctx),
        ).toBe('ghp_bobsTokenValue000000000000000000000')
        const again = await importSecrets(secrets, mcpSource({ masterKey: MASTER_KEY, collection }))
        expect(again).toMatchObject({ unchanged: 4 })
      } finally {
        await collection.drop().catch(() => {})
        await client.close()
      }
    },
  )
})
