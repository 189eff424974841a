/**
 * `list`: one keyset-paged statement on the head table, in name (byte) order,
 * with a literal prefix turned into a range. Internal.
 * @module
 */
import {
  assertPageLimit,
  decodeCursor,
  encodeCursor,
  InvalidArgumentError,
  type ListOptions,
  type ListPage,
  type Scope,
  SECRET_NAME_PATTERN,
  scopeHash,
} from '@secrets/core'
import { guarded } from './_errors.js'
import { type SqlContext, toDate } from './_tables.js'
import { assertScope } from './_values.js'

/** The largest page of `list`. */
const MAX_LIST_PAGE = 1000

/** Whether some valid name starts with `prefix` (only name characters, all ASCII, can). */
function canPrefixAName(prefix: string): boolean {
  return prefix.length < 255
    ? SECRET_NAME_PATTERN.test(`${prefix}_`)
    : SECRET_NAME_PATTERN.test(prefix)
}

/**
 * The least string above every string that starts with `prefix`: its last
 * character moved up by one (a name prefix is ASCII, so this never overflows).
 */
function prefixUpperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
}

/** A list cursor holds the last name of the previous page. */
export const isListCursor = (value: unknown): value is string =>
  typeof value === 'string' && SECRET_NAME_PATTERN.test(value)

/** Lists summaries in name order (see the module comment). */
export async function listPage(
  ctx: SqlContext,
  backend: string,
  scope: Scope,
  options: ListOptions,
): Promise<ListPage> {
  const { db, tables } = ctx
  assertScope(scope)
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('list needs options')
  const { prefix = '', limit, cursor } = options
  assertPageLimit(limit, MAX_LIST_PAGE)
  if (typeof prefix !== 'string') throw new InvalidArgumentError('"prefix" must be a string')
  const after = cursor === undefined ? undefined : decodeCursor(cursor, 'list', isListCursor)
  // A prefix holding a character no name has matches nothing; it never reaches SQL.
  if (!canPrefixAName(prefix)) return { items: [], cursor: null }
  const upper = prefix === '' ? undefined : prefixUpperBound(prefix)
  const rows = await guarded(backend, 'list', () =>
    db
      .selectFrom(tables.heads)
      .select(['name', 'latest_version', 'description', 'created_at', 'updated_at', 'updated_by'])
      .where('scope_hash', '=', scopeHash(scope.key))
      .$if(after !== undefined, (q) => q.where('name', '>', after as string))
      .$if(prefix !== '', (q) => q.where('name', '>=', prefix))
      .$if(upper !== undefined, (q) => q.where('name', '<', upper as string))
      .orderBy('name')
      .limit(limit + 1)
      .execute(),
  )
  const page = rows.slice(0, limit)
  return {
    items: page.map((row) => ({
      name: row.name,
      version: Number(row.latest_version),
      description: row.description,
      createdAt: toDate(row.created_at),
      updatedAt: toDate(row.updated_at),
      updatedBy: row.updated_by,
    })),
    cursor: rows.length > limit ? encodeCursor(page.at(-1)?.name) : null,
  }
}
