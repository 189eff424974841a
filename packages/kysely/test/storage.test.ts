import {
  createSecrets,
  DecryptionError,
  generateMasterKey,
  InvalidNameError,
  Keyring,
  type SecretStore,
  toScope,
} from '@secrets/core'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { kyselyAuditSink, kyselyBackend } from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

const ctx = { accessor: 'test', reason: 'storage test' }

/** The forms of a value that must appear in no cell. */
function forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  const hex = bytes.toString('hex')
  return [value, bytes.toString('base64'), bytes.toString('base64url'), hex, hex.toUpperCase()]
}

describeEachDialect('SQL storage', (target) => {
  let database: TestDatabase
  let secrets: SecretStore

  beforeAll(async () => {
    database = await openDatabase(target)
    const options = { db: database.db, tablePrefix: database.tablePrefix }
    secrets = createSecrets({
      backend: kyselyBackend(options),
      keyring: Keyring.fromKeys({ keys: { a: generateMasterKey() } }),
      audit: kyselyAuditSink(options),
    })
  })
  afterAll(() => database?.destroy())

  const table = (name: string) => sql.table(`${database.tablePrefix}${name}`)

  it('keeps no plaintext, base64 or hex of any value in any cell of any table', async () => {
    const values = [
      `sk_live_${globalThis.crypto.randomUUID()}`,
      `pässwörd-${globalThis.crypto.randomUUID()}-日本`,
      `{"client_secret":"${globalThis.crypto.randomUUID()}"}`,
    ]
    const s = secrets.scope({ tenant: 'leak-check' })
    for (const [i, value] of values.entries()) {
      await s.set(`LEAK_${i}`, value, { description: 'a described secret', accessor: 'writer' })
      await s.rotate(`LEAK_${i}`, `${value}-next`, { accessor: 'writer' })
      expect(await s.get(`LEAK_${i}`, { ...ctx, version: 1 })).toBe(value)
    }
    await s.getMany(
      values.map((_, i) => `LEAK_${i}`),
      ctx,
    )

    const cells = await database.cells()
    const payloads = cells.filter((c) => c instanceof Uint8Array)
    expect(payloads).toHaveLength(values.length * 2)
    expect(cells).toContain('a described secret')
    expect(cells).toContain('writer')
    const needles = values.flatMap((v) => [...forms(v), ...forms(`${v}-next`)])
    for (const cell of cells) {
      const texts =
        typeof cell === 'string'
          ? [cell]
          : [Buffer.from(cell).toString('latin1'), Buffer.from(cell).toString('utf8')]
      for (const text of texts) for (const needle of needles) expect(text).not.toContain(needle)
    }
  })

  it('fails with DecryptionError for an envelope copied into another scope, another name or altered', async () => {
    const acme = secrets.scope({ tenant: 'acme' })
    const globex = secrets.scope({ tenant: 'globex' })
    await acme.set('STRIPE_KEY', 'acme-stripe')
    await acme.set('OTHER_KEY', 'acme-other')
    await globex.set('STRIPE_KEY', 'globex-stripe')
    await acme.set('TAMPERED', 'acme-tampered')

    const row = async (scope: Record<string, string>, name: string) => {
      const { rows } = await sql<{ scope_hash: string; payload: Uint8Array }>`
        select v.scope_hash, v.payload from ${table('versions')} v
        join ${table('heads')} h on h.scope_hash = v.scope_hash and h.name = v.name
        where h.scope_key = ${toScope(scope).key} and v.name = ${name}`.execute(database.db)
      expect(rows).toHaveLength(1)
      return rows[0]!
    }
    const source = await row({ tenant: 'acme' }, 'STRIPE_KEY')
    const target = await row({ tenant: 'globex' }, 'STRIPE_KEY')
    const write = (hash: string, name: string, payload: Uint8Array) =>
      sql`update ${table('versions')} set payload = ${Buffer.from(payload)}
        where scope_hash = ${hash} and name = ${name}`.execute(database.db)

    await write(target.scope_hash, 'STRIPE_KEY', source.payload)
    await write(source.scope_hash, 'OTHER_KEY', source.payload)
    const tampered = await row({ tenant: 'acme' }, 'TAMPERED')
    const flipped = new Uint8Array(tampered.payload)
    flipped[flipped.length - 1]! ^= 1
    await write(tampered.scope_hash, 'TAMPERED', flipped)

    await expect(globex.get('STRIPE_KEY', ctx)).rejects.toBeInstanceOf(DecryptionError)
    await expect(acme.get('OTHER_KEY', ctx)).rejects.toBeInstanceOf(DecryptionError)
    await expect(acme.get('TAMPERED', ctx)).rejects.toBeInstanceOf(DecryptionError)
    expect(await acme.get('STRIPE_KEY', ctx)).toBe('acme-stripe')
  })

  it('rejects names with SQL metacharacters before any statement', async () => {
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    const scope = toScope({ tenant: 'meta' })
    const s = secrets.scope({ tenant: 'meta' })
    const put = {
      payload: () => new Uint8Array(8),
      createdBy: null,
      previousExpiresAt: null,
      requestId: 'r',
    }
    const names = ["x'; drop table x; --", 'a"b', 'a;b', '--', '%', 'a%b', 'a\\b', 'a\0b', 'a b']
    database.statements.length = 0
    for (const name of names) {
      await expect(backend.put(scope, name, put)).rejects.toBeInstanceOf(InvalidNameError)
      await expect(s.set(name, 'v')).rejects.toBeInstanceOf(InvalidNameError)
      await expect(backend.get(scope, name)).rejects.toBeInstanceOf(InvalidNameError)
      await expect(backend.delete(scope, name)).rejects.toBeInstanceOf(InvalidNameError)
    }
    expect(database.statements).toHaveLength(0)
    // `-` is a name character: a name with `--` is stored as it is.
    await s.set('a--b', 'dashes')
    expect(await s.get('a--b', ctx)).toBe('dashes')
  })

  it('stores scopes and descriptions with SQL metacharacters verbatim, never as SQL', async () => {
    const hostile = [
      "o'brien'; drop table secrets_heads; --",
      'a"b`c',
      '100%_done\\',
      'nul\0byte',
      '; delete from x',
    ]
    for (const [i, value] of hostile.entries()) {
      const scope = { tenant: value, zone: `z${i}` }
      const s = secrets.scope(scope)
      await s.set('DB_PASSWORD', `pw-${i}`, { description: value.replace('\0', '') })
      expect(await s.get('DB_PASSWORD', ctx)).toBe(`pw-${i}`)
      expect((await s.list()).items).toMatchObject([
        { name: 'DB_PASSWORD', description: value.replace('\0', '') },
      ])
      const { rows } = await sql<{ scope_key: string }>`
        select scope_key from ${table('heads')} where scope_key = ${toScope(scope).key}`.execute(
        database.db,
      )
      expect(rows.map((r) => r.scope_key)).toEqual([toScope(scope).key])
    }
    // The tables are all still there, and each scope holds its own row only.
    for (const name of ['heads', 'versions', 'access_log']) {
      const { rows } = await sql<{
        n: number | string
      }>`select count(*) as n from ${table(name)}`.execute(database.db)
      expect(Number(rows[0]!.n)).toBeGreaterThan(0)
    }
    const page = await kyselyAuditSink({
      db: database.db,
      tablePrefix: database.tablePrefix,
    }).query({
      scope: { tenant: hostile[0]!, zone: 'z0' },
    })
    expect(page.items[0]!.scope).toEqual({ tenant: hostile[0], zone: 'z0' })
  })

  it('matches a prefix holding LIKE metacharacters literally', async () => {
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    const scope = toScope({ tenant: 'prefixes' })
    const s = secrets.scope(scope.segments)
    for (const name of ['A_B', 'AXB', 'A_', 'AB', 'a_b', 'A', 'A_B/c', 'B_A'])
      await s.set(name, 'v')
    const names = async (prefix: string) =>
      (await backend.list(scope, { prefix, limit: 100 })).items.map((i) => i.name)
    expect(await names('A_')).toEqual(['A_', 'A_B', 'A_B/c'])
    expect(await names('A')).toEqual(['A', 'AB', 'AXB', 'A_', 'A_B', 'A_B/c'])
    expect(await names('a')).toEqual(['a_b'])
    expect(await names('')).toHaveLength(8)
    // Prefixes no name can start with match nothing, and never reach SQL.
    database.statements.length = 0
    for (const prefix of [
      '%',
      'A%',
      '_%',
      "'",
      'A\\',
      'A ',
      '\0',
      '\uffff',
      "A_'; drop table x; --",
    ]) {
      expect(await names(prefix)).toEqual([])
    }
    expect(database.statements).toHaveLength(0)
  })
})
