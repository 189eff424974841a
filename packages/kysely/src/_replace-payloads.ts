/**
 * One UPDATE that swaps the payloads of many versions (rekey's write), per
 * dialect. A row changes only while it still holds the payload that was
 * scanned (`previous`), so a version deleted, or deleted and written again,
 * since the scan is left alone.
 * @module
 */
import {
  assertSecretName,
  InvalidArgumentError,
  type PayloadUpdate,
  scopeHash,
} from '@secrets/core'
import { type RawBuilder, sql } from 'kysely'
import { chunkByParameters } from './_dialect.js'
import { guarded } from './_errors.js'
import type { SqlContext } from './_tables.js'
import { assertVersion, toDriverBytes } from './_values.js'

/** A version to rewrite, keyed as stored. */
export interface PayloadRow {
  scopeHash: string
  name: string
  version: number
  /** The payload the scan saw. */
  previous: Uint8Array
  /** The payload to store instead. */
  payload: Uint8Array
}

/**
 * PostgreSQL: five array parameters unnested into rows, whatever the count.
 * Each array is typed as its column: the hashes as char(64) so that the
 * primary key can serve the join (a text array would cast the column and
 * scan the table), the versions as bigint (an integer array would refuse any
 * version past 2^31 - 1); the name is compared under "C", the column's collation.
 */
function postgresUpdate(ctx: SqlContext, rows: readonly PayloadRow[]): RawBuilder<unknown> {
  const column = <T>(pick: (row: PayloadRow) => T) => rows.map(pick)
  return sql`update ${sql.table(ctx.tables.versions)} as v set payload = x.payload
    from unnest(
      ${column((r) => r.scopeHash)}::char(64)[], ${column((r) => r.name)}::text[],
      ${column((r) => r.version)}::bigint[], ${column((r) => r.previous)}::bytea[],
      ${column((r) => r.payload)}::bytea[]
    ) as x(scope_hash, name, version, previous, payload)
    where v.scope_hash = x.scope_hash and v.name = x.name collate "C"
      and v.version = x.version and v.payload = x.previous`
}

/**
 * SQLite (3.33+): UPDATE … FROM a VALUES list. The unary `+` on the list's
 * columns keeps the planner from indexing the list and scanning the table:
 * it walks the list and finds each row through the primary key instead
 * (without it, each statement scans the whole table).
 */
function sqliteUpdate(ctx: SqlContext, rows: readonly PayloadRow[]): RawBuilder<unknown> {
  const values = sql.join(
    rows.map((r) => sql`(${r.scopeHash}, ${r.name}, ${r.version}, ${r.previous}, ${r.payload})`),
  )
  return sql`with x(scope_hash, name, version, previous, payload) as (values ${values})
    update ${sql.table(ctx.tables.versions)} as v set payload = x.payload from x
    where v.scope_hash = +x.scope_hash and v.name = +x.name
      and v.version = +x.version and v.payload = +x.previous`
}

/**
 * MySQL/MariaDB: a CASE over the keys, limited by the WHERE to the rows that
 * still hold `previous`. Values are compared straight to the columns, so the
 * columns' collations apply.
 */
function mysqlUpdate(ctx: SqlContext, rows: readonly PayloadRow[]): RawBuilder<unknown> {
  const key = (r: PayloadRow) =>
    sql`scope_hash = ${r.scopeHash} and name = ${r.name} and version = ${r.version}`
  const cases = sql.join(
    rows.map((r) => sql`when ${key(r)} then ${r.payload}`),
    sql` `,
  )
  const where = sql.join(
    rows.map((r) => sql`(${key(r)} and payload = ${r.previous})`),
    sql` or `,
  )
  return sql`update ${sql.table(ctx.tables.versions)} set payload = case ${cases} else payload end
    where ${where}`
}

/** Bind parameters one row costs in each dialect's statement (PostgreSQL: none, it binds arrays). */
const COST = { postgres: 0, sqlite: 5, mysql: 8 } as const
const BUILD = { postgres: postgresUpdate, sqlite: sqliteUpdate, mysql: mysqlUpdate } as const

/**
 * Replaces payloads with as few statements as the parameter limit allows
 * (one on PostgreSQL).
 * @returns how many versions were replaced
 */
export async function replacePayloadRows(
  ctx: SqlContext,
  rows: readonly PayloadRow[],
): Promise<number> {
  if (rows.length === 0) return 0
  const cost = COST[ctx.dialect]
  const chunks = cost === 0 ? [rows] : chunkByParameters(rows, ctx.maxBindParameters, () => cost)
  let replaced = 0
  for (const chunk of chunks) {
    const result = await BUILD[ctx.dialect](ctx, chunk).execute(ctx.db)
    replaced += Number(result.numAffectedRows ?? 0n)
  }
  return replaced
}

/** Checks the updates, then swaps the payloads of those still as scanned. @returns how many changed */
export async function replacePayloads(
  ctx: SqlContext,
  backend: string,
  updates: readonly PayloadUpdate[],
): Promise<number> {
  if (!Array.isArray(updates))
    throw new InvalidArgumentError('replacePayloads needs an array of updates')
  const rows = updates.map((update): PayloadRow => {
    if (typeof update?.scopeKey !== 'string')
      throw new InvalidArgumentError('An update needs its "scopeKey"')
    assertSecretName(update.name)
    assertVersion(update.version, 'A version')
    for (const bytes of [update.payload, update.previous]) {
      if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
        throw new InvalidArgumentError('"payload" and "previous" must be non-empty Uint8Arrays')
      }
    }
    return {
      scopeHash: scopeHash(update.scopeKey),
      name: update.name,
      version: update.version,
      previous: toDriverBytes(update.previous),
      payload: toDriverBytes(update.payload),
    }
  })
  return guarded(backend, 'replacePayloads', () => replacePayloadRows(ctx, rows))
}
