import { inspect } from 'node:util'
import { BackendError, ConflictError, type PutInput, toScope } from '@secrets/core'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classifyError, SqlDriverError, toBackendError } from '../src/_errors.js'
import { kyselyBackend } from '../src/index.js'
import { describeEachDialect, openDatabase, type TestDatabase } from './_databases.js'

const SECRET = 'hunter2-do-not-echo'

describe('driver error sanitising', () => {
  const mysqlError = Object.assign(new Error(`Duplicate entry '${SECRET}-1' for key 'PRIMARY'`), {
    code: 'ER_DUP_ENTRY',
    errno: 1062,
    sqlState: '23000',
    sql: `insert into t values ('${SECRET}')`,
    sqlMessage: `Duplicate entry '${SECRET}-1' for key 'PRIMARY'`,
  })
  const pgError = Object.assign(new Error(`invalid input syntax for type integer: "${SECRET}"`), {
    code: '22P02',
    detail: `Key (name)=(${SECRET}) already exists.`,
    where: `unnamed portal parameter $1 = '${SECRET}'`,
  })
  const syntaxError = Object.assign(
    new Error(
      `You have an error in your SQL syntax; check the manual near 'X'68756e7465723'' at line 1`,
    ),
    { code: 'ER_PARSE_ERROR', errno: 1064 },
  )

  it('keeps the code and the unquoted start of the message, and nothing else', () => {
    for (const [error, code, start] of [
      [mysqlError, 'ER_DUP_ENTRY', 'Duplicate entry …'],
      [pgError, '22P02', 'invalid input syntax for type integer: …'],
      [
        syntaxError,
        'ER_PARSE_ERROR',
        'You have an error in your SQL syntax; check the manual near …',
      ],
    ] as const) {
      const wrapped = toBackendError('kysely:test', 'put', error)
      expect(wrapped).toBeInstanceOf(BackendError)
      expect(wrapped.message).toBe(`kysely:test: put failed: ${start} [${code}]`)
      const cause = wrapped.cause as SqlDriverError
      expect(cause).toBeInstanceOf(SqlDriverError)
      expect(cause.code).toBe(code)
      expect(cause.message).toBe(start)
      const everything = `${inspect(wrapped, { depth: 10, showHidden: true })} ${JSON.stringify(wrapped)} ${cause.stack}`
      expect(everything).not.toContain(SECRET)
      expect(everything).not.toContain('68756e7465723')
      expect(Object.keys(cause).sort()).toEqual(['code', 'name'])
    }
  })

  it('passes library errors through and classifies driver errors', () => {
    const conflict = new ConflictError('taken')
    expect(toBackendError('kysely:test', 'put', conflict)).toBe(conflict)
    expect(classifyError(mysqlError)).toBe('unique')
    expect(classifyError({ code: '23505' })).toBe('unique')
    expect(classifyError({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' })).toBe('unique')
    expect(classifyError({ code: '40P01' })).toBe('retry')
    expect(classifyError({ code: 'ER_LOCK_DEADLOCK', errno: 1213 })).toBe('retry')
    expect(classifyError({ code: 'SQLITE_BUSY' })).toBe('retry')
    expect(classifyError(pgError)).toBe('other')
    expect(classifyError('boom')).toBe('other')
  })
})

describeEachDialect('driver failures', (target) => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await openDatabase(target)
  })
  afterAll(() => database?.destroy())
  const backend = () => kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })

  it('keep the values a real driver error echoes out of the BackendError', async () => {
    const heads = `${database.tablePrefix}heads`
    // A rule the database enforces on a row carrying the value in its description.
    if (target.dialect === 'sqlite') {
      await sql`create trigger ${sql.id(`${heads}_refuse`)} before insert on ${sql.table(heads)}
        when length(new.description) >= 5 begin select raise(abort, 'description refused'); end`.execute(
        database.db,
      )
    } else {
      const length = target.dialect === 'mysql' ? sql`char_length` : sql`length`
      await sql`alter table ${sql.table(heads)} add constraint ${sql.id(`${heads}_refuse`)}
        check (description is null or ${length}(description) < 5)`.execute(database.db)
    }
    const scope = toScope({ tenant: 'echo' })
    const input: PutInput = {
      payload: () => new TextEncoder().encode(SECRET),
      description: SECRET,
      createdBy: null,
      previousExpiresAt: null,
      requestId: 'r',
    }
    const raw = await sql`insert into ${sql.table(heads)}
      (scope_hash, name, scope_key, latest_version, description, created_at, updated_at)
      values (${'0'.repeat(64)}, ${'RAW'}, ${scope.key}, ${1}, ${SECRET}, ${0}, ${0})`
      .execute(database.db)
      .then(
        () => expect.unreachable('the rule should refuse the row'),
        (e: unknown) => e,
      )
    // PostgreSQL quotes the whole failing row in `detail`: the check below can fail.
    if (target.dialect === 'postgres') expect(inspect(raw)).toContain(SECRET)
    const error = await backend()
      .put(scope, 'NEW', input)
      .then(
        () => expect.unreachable('put should fail'),
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(BackendError)
    expect((error as Error).cause).toBeInstanceOf(SqlDriverError)
    expect(
      `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)}`,
    ).not.toContain(SECRET)
    if (target.dialect === 'sqlite') {
      await sql`drop trigger ${sql.id(`${heads}_refuse`)}`.execute(database.db)
    } else {
      await sql`alter table ${sql.table(heads)} drop constraint ${sql.id(`${heads}_refuse`)}`.execute(
        database.db,
      )
    }
  })

  it('surface as BackendError naming the operation, without payload or metadata', async () => {
    const backend = kyselyBackend({ db: database.db, tablePrefix: database.tablePrefix })
    const scope = toScope({ tenant: 'errors' })
    const payload = new TextEncoder().encode(SECRET)
    const input: PutInput = {
      payload: () => payload,
      description: SECRET,
      createdBy: null,
      previousExpiresAt: null,
      requestId: 'r',
    }
    await backend.put(scope, 'KEPT', input)
    for (const table of ['versions', 'heads']) {
      await sql`drop table ${sql.table(`${database.tablePrefix}${table}`)}`.execute(database.db)
    }
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['put', () => backend.put(scope, 'NEW', input)],
      ['getMany', () => backend.get(scope, 'KEPT')],
      ['list', () => backend.list(scope, { limit: 10 })],
      ['versions', () => backend.versions(scope, 'KEPT')],
      ['delete', () => backend.delete(scope, 'KEPT')],
      ['scan', () => backend.scan!({ limit: 10 })],
      [
        'replacePayloads',
        () =>
          backend.replacePayloads!([
            { scopeKey: scope.key, name: 'KEPT', version: 1, previous: payload, payload },
          ]),
      ],
    ]
    const hex = Buffer.from(SECRET).toString('hex')
    const base64 = Buffer.from(SECRET).toString('base64')
    for (const [operation, run] of attempts) {
      const error = await run().then(
        () => expect.unreachable(`${operation} should fail`),
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(BackendError)
      expect((error as Error).message).toContain(`kysely:${target.dialect}: ${operation} failed`)
      expect((error as Error).cause).toBeInstanceOf(SqlDriverError)
      const everything = `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)}`
      for (const needle of [SECRET, hex, hex.toUpperCase(), base64])
        expect(everything).not.toContain(needle)
    }
  })
})
