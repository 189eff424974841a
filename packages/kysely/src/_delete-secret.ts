/**
 * The delete behind `delete`: the head row, then the versions it covers, in
 * one transaction.
 *
 * Why only the versions the deleted head covers, and not every version of the
 * name: at READ COMMITTED (PostgreSQL's default, and what MySQL runs at when
 * so configured) every statement reads its own snapshot. A first `put` whose
 * transaction is still open has inserted a head and version 1 that the
 * delete's first statement cannot see; if it commits before the second
 * statement, a "delete every version" would take its version and leave its
 * head: a write that was acknowledged, listed, and unreadable.
 *
 * Deleting through the head closes that gap on every dialect and isolation
 * level. The head delete (PostgreSQL, SQLite: `DELETE … RETURNING`; MySQL,
 * which has no RETURNING: `SELECT … FOR UPDATE`, then `DELETE`) takes the head
 * row's write lock, after any `put` holding it has committed, and reads the
 * latest version number `n` as committed. While the delete holds that lock:
 * - no append can add version `n + 1`: it must update the head first, and
 *   waits for the lock;
 * - no create can start a new history: its head INSERT waits on the primary
 *   key entry being deleted (and on MySQL, on the gap lock);
 * so the rows with version ≤ `n` are exactly this head's history, and nothing
 * above `n` can exist. With no head, the delete removes nothing: it is ordered
 * before any create still in flight, whose head and versions then survive
 * together. Either way head and versions stay in step.
 *
 * Both paths lock the head before any version row, so `put` and `delete`
 * never wait on each other in opposite orders (no deadlock between them).
 * @module
 */

import type { Scope } from '@secrets/core'
import { scopeHash } from '@secrets/core'
import { withRetry } from './_retry.js'
import type { SqlContext } from './_tables.js'

/**
 * Deletes a name's head and every version it covers.
 * @param backend the backend's name, for messages
 * @returns whether the name existed
 */
export function deleteSecret(
  ctx: SqlContext,
  backend: string,
  scope: Scope,
  name: string,
): Promise<boolean> {
  const { db, dialect, tables } = ctx
  const hash = scopeHash(scope.key)
  const attempt = () =>
    db.transaction().execute(async (trx) => {
      const deleteHead = trx
        .deleteFrom(tables.heads)
        .where('scope_hash', '=', hash)
        .where('name', '=', name)
      let head: { latest_version: number | string | bigint } | undefined
      if (dialect === 'mysql') {
        head = await trx
          .selectFrom(tables.heads)
          .select('latest_version')
          .where('scope_hash', '=', hash)
          .where('name', '=', name)
          .forUpdate()
          .executeTakeFirst()
        if (head !== undefined) await deleteHead.execute()
      } else {
        head = await deleteHead.returning('latest_version').executeTakeFirst()
      }
      if (head === undefined) return false
      await trx
        .deleteFrom(tables.versions)
        .where('scope_hash', '=', hash)
        .where('name', '=', name)
        .where('version', '<=', Number(head.latest_version))
        .execute()
      return true
    })
  return withRetry(backend, 'delete', attempt)
}
