/**
 * `scan`: every stored version of every scope in (scope hash, name, version)
 * order, keyset-paged, for `rekey`. Internal.
 * @module
 */
import {
  assertPageLimit,
  decodeCursor,
  encodeCursor,
  InvalidArgumentError,
  type ScanPage,
} from '@secrets/core'
import { guarded } from './_errors.js'
import { isListCursor } from './_list.js'
import type { SqlContext } from './_tables.js'
import { fromDriverBytes } from './_values.js'

/** The largest page of `scan`: the largest `batchSize` the store's rekey accepts. */
const MAX_SCAN_PAGE = 10_000

const isScanCursor = (value: unknown): value is [string, string, number] =>
  Array.isArray(value) &&
  value.length === 3 &&
  typeof value[0] === 'string' &&
  /^[0-9a-f]{64}$/.test(value[0]) &&
  isListCursor(value[1]) &&
  Number.isSafeInteger(value[2]) &&
  value[2] >= 1

/** One page of the walk (see the module comment). */
export async function scanPage(
  ctx: SqlContext,
  backend: string,
  options: { limit: number; cursor?: string },
): Promise<ScanPage> {
  const { db, tables } = ctx
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('scan needs options')
  assertPageLimit(options.limit, MAX_SCAN_PAGE)
  const after =
    options.cursor === undefined ? undefined : decodeCursor(options.cursor, 'scan', isScanCursor)
  const rows = await guarded(backend, 'scan', () =>
    db
      .selectFrom(tables.versionsAsV)
      .select(['v.scope_hash', 'v.name', 'v.version', 'v.payload'])
      // The scope key from the head row, looked up for the page's rows only: a
      // join lets planners misjudge the row count and sort the whole table per page.
      .select((eb) =>
        eb
          .selectFrom(tables.headsAsH)
          .select('h.scope_key')
          .whereRef('h.scope_hash', '=', 'v.scope_hash')
          .whereRef('h.name', '=', 'v.name')
          .as('scope_key'),
      )
      .$if(after !== undefined, (q) =>
        q.where((eb) => {
          const [hash, afterName, version] = after as [string, string, number]
          // Row-value comparison where the planner turns it into an index range;
          // MySQL gets the same condition as a union of three key ranges.
          if (ctx.dialect !== 'mysql') {
            return eb(
              eb.refTuple('v.scope_hash', 'v.name', 'v.version'),
              '>',
              eb.tuple(hash, afterName, version),
            )
          }
          return eb.or([
            eb.and([
              eb('v.scope_hash', '=', hash),
              eb('v.name', '=', afterName),
              eb('v.version', '>', version),
            ]),
            eb.and([eb('v.scope_hash', '=', hash), eb('v.name', '>', afterName)]),
            eb('v.scope_hash', '>', hash),
          ])
        }),
      )
      .orderBy('v.scope_hash')
      .orderBy('v.name')
      .orderBy('v.version')
      .limit(options.limit)
      .execute(),
  )
  const last = rows.at(-1)
  return {
    // A version whose head is gone is being deleted: nothing to rewrap.
    records: rows.flatMap((row) =>
      row.scope_key === null
        ? []
        : [
            {
              scopeKey: row.scope_key,
              name: row.name,
              version: Number(row.version),
              payload: fromDriverBytes(row.payload),
            },
          ],
    ),
    cursor:
      last === undefined || rows.length < options.limit
        ? null
        : encodeCursor([last.scope_hash, last.name, Number(last.version)]),
  }
}
