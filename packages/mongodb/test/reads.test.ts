import { InvalidArgumentError, type PutInput, type SecretBackend, toScope } from '@secrets/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSecretsIndexes, mongoBackend } from '../src/index.js'
import { drivers, openDatabase, skipWithoutServer, type TestDatabase } from './_server.js'

const put = (text: string, description?: string): PutInput => ({
  payload: () => new TextEncoder().encode(text),
  createdBy: 'reader-test',
  previousExpiresAt: null,
  requestId: globalThis.crypto.randomUUID(),
  ...(description === undefined ? {} : { description }),
})

describe.skipIf(skipWithoutServer())('reads and listing', () => {
  let database: TestDatabase
  let backend: SecretBackend
  const scope = toScope({ tenant: 'reads' })

  beforeAll(async () => {
    database = await openDatabase(drivers[0])
    const options = { db: database.db, collectionPrefix: database.collectionPrefix }
    await ensureSecretsIndexes(database.db, options)
    backend = mongoBackend(options)
  })
  afterAll(() => database?.destroy())

  it('answers get (latest or pinned) and versions with one find each, versions without payloads', async () => {
    for (let i = 1; i <= 3; i++) await backend.put(scope, 'ONE', put(`v${i}`, `d${i}`))
    database.commands.length = 0
    expect((await backend.get(scope, 'ONE'))?.version).toBe(3)
    expect(new TextDecoder().decode((await backend.get(scope, 'ONE', 2))!.payload)).toBe('v2')
    expect(await backend.get(scope, 'ONE', 9)).toBeNull()
    const versions = await backend.versions(scope, 'ONE')
    expect(database.commands).toEqual(['find', 'find', 'find', 'find'])
    expect(versions.map((v) => [v.version, v.description])).toEqual([
      [3, 'd3'],
      [2, 'd2'],
      [1, 'd1'],
    ])
    expect(versions.every((v) => !('payload' in v))).toBe(true)
  })

  it('pages 45 names in byte order, one aggregate per page, with a literal prefix', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `svc.${String(i).padStart(2, '0')}`)
    const decoys = ['svcX00', 'svc_00', 'SVC.00', 'a/svc.00', 'svc./x']
    for (const name of [...names, ...decoys])
      await backend.put(scope, name, put('v', `about ${name}`))
    const seen: string[] = []
    let cursor: string | undefined
    database.commands.length = 0
    let pages = 0
    do {
      const page = await backend.list(scope, {
        prefix: 'svc.',
        limit: 7,
        ...(cursor ? { cursor } : {}),
      })
      expect(page.items.length).toBeLessThanOrEqual(7)
      seen.push(...page.items.map((item) => item.name))
      cursor = page.cursor ?? undefined
      pages++
    } while (cursor)
    expect(seen).toEqual([...names, 'svc./x'].sort())
    expect(database.commands).toEqual(Array(pages).fill('aggregate'))
    const all = (await backend.list(scope, { limit: 1000 })).items
    const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))
    expect(all.map((item) => item.name)).toEqual(all.map((item) => item.name).sort(byteOrder))
    expect(all.find((item) => item.name === 'svc_00')).toMatchObject({
      version: 1,
      description: 'about svc_00',
      updatedBy: 'reader-test',
    })
    expect(JSON.stringify(all)).not.toContain('payload')
  })

  it('matches regex metacharacters literally and never sends a prefix no name can start', async () => {
    for (const name of ['A_B', 'AXB', 'A_', 'A.B', 'AB', 'A', 'A_B/c'])
      await backend.put(scope, name, put('v'))
    const names = async (prefix: string) =>
      (await backend.list(scope, { prefix, limit: 100 })).items.map((item) => item.name)
    expect(await names('A_')).toEqual(['A_', 'A_B', 'A_B/c'])
    expect(await names('A.')).toEqual(['A.B'])
    database.commands.length = 0
    for (const prefix of ['.*', '^A', 'A$', '(', 'A\\', 'A ', '\0', '\uffff', '{"$gt":""}']) {
      expect(await names(prefix)).toEqual([])
    }
    expect(database.commands).toEqual([])
  })

  it('rejects bad list options and cursors before any command', async () => {
    database.commands.length = 0
    for (const limit of [0, 1001, 1.5]) {
      await expect(backend.list(scope, { limit })).rejects.toBeInstanceOf(InvalidArgumentError)
    }
    for (const cursor of ['', 'nope', Buffer.from('"a b"').toString('base64url')]) {
      await expect(backend.list(scope, { limit: 5, cursor })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      )
    }
    await expect(backend.scan!({ limit: 5, cursor: 'bogus' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    expect(database.commands).toEqual([])
  })
})
