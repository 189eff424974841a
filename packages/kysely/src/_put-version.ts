/**
 * The compare-and-set write behind `put`.
 *
 * One transaction per attempt:
 * 1. unless creating (`ifVersion: 0`), `UPDATE heads SET latest_version =
 *    latest_version + 1 … [AND latest_version = ifVersion]` (the head also
 *    carries the latest description, which a write without one keeps). The UPDATE takes
 *    the head row's write lock (what `SELECT … FOR UPDATE` would take), so
 *    concurrent appends queue on it and each reads the version its
 *    predecessor committed: numbers stay contiguous, none is lost.
 *    PostgreSQL and SQLite return the new number (`RETURNING`); MySQL reads
 *    it back under the lock it holds.
 * 2. no head row (or creating): INSERT one at version 1. Two creators race on
 *    the primary key: one commits, the other gets a unique violation (or, on
 *    MySQL, a deadlock from the gap locks both UPDATEs took) and runs again,
 *    finding the head this time; with `ifVersion: 0` it gets ConflictError.
 * 3. INSERT the version row.
 *
 * SQLite: Kysely's SQLite driver runs one statement at a time on its single
 * connection, and the first statement of the transaction is a write, so the
 * transaction holds the write lock from its start (what BEGIN IMMEDIATE
 * gives); another process on the same file makes it retry on SQLITE_BUSY.
 * @module
 */
import {
  ConflictError,
  type PutInput,
  type Scope,
  scopeHash,
  type VersionInfo,
} from '@secrets/core'
import { sql } from 'kysely'
import { withRetry } from './_retry.js'
import type { SqlContext } from './_tables.js'

/**
 * Writes a new version under the compare-and-set rule of `input.ifVersion`.
 * @param backend the backend's name, for messages
 * @param payload the bytes to store as a given version, as the driver binds them
 * @throws {ConflictError} when `ifVersion` does not hold
 */
export async function putVersion(
  ctx: SqlContext,
  backend: string,
  scope: Scope,
  name: string,
  input: PutInput,
  payload: (version: number) => Uint8Array,
): Promise<VersionInfo> {
  const { db, dialect, tables } = ctx
  const hash = scopeHash(scope.key)
  const { ifVersion, createdBy, previousExpiresAt } = input
  /** `undefined`: the new version keeps the latest one's description. */
  const newDescription = input.description
  /** @param latest the version found instead (null: no such secret), when it was read */
  const conflict = (latest?: number | null) =>
    new ConflictError(
      ifVersion === 0
        ? `Secret "${name}" already exists (the write asked to create it)`
        : latest === null
          ? `Secret "${name}" does not exist (the write expected version ${ifVersion})`
          : `Secret "${name}" is not at version ${ifVersion} (another write got there first)`,
    )

  const attempt = () =>
    db.transaction().execute(async (trx) => {
      const now = Date.now()
      let head: { latest_version: number | string | bigint; description: string | null } | undefined
      if (ifVersion !== 0) {
        const update = trx
          .updateTable(tables.heads)
          .set({
            latest_version: sql<number>`latest_version + 1`,
            updated_by: createdBy,
            updated_at: now,
          })
          .$if(newDescription !== undefined, (q) => q.set({ description: newDescription }))
          .where('scope_hash', '=', hash)
          .where('name', '=', name)
          .$if(ifVersion !== undefined, (q) => q.where('latest_version', '=', ifVersion as number))
        if (dialect === 'mysql') {
          const { numUpdatedRows } = await update.executeTakeFirstOrThrow()
          if (numUpdatedRows > 0n) {
            head = await trx
              .selectFrom(tables.heads)
              .select(['latest_version', 'description'])
              .where('scope_hash', '=', hash)
              .where('name', '=', name)
              .forUpdate()
              .executeTakeFirstOrThrow()
          }
        } else {
          head = await update.returning(['latest_version', 'description']).executeTakeFirst()
        }
        if (head === undefined && ifVersion !== undefined) {
          // Only on this failure path: tell "absent" from "at another version".
          const found = await trx
            .selectFrom(tables.heads)
            .select('latest_version')
            .where('scope_hash', '=', hash)
            .where('name', '=', name)
            .executeTakeFirst()
          throw conflict(found === undefined ? null : Number(found.latest_version))
        }
      }
      if (head === undefined) {
        head = { latest_version: 1, description: newDescription ?? null }
        await trx
          .insertInto(tables.heads)
          .values({
            scope_hash: hash,
            name,
            scope_key: scope.key,
            latest_version: 1,
            description: head.description,
            updated_by: createdBy,
            created_at: now,
            updated_at: now,
          })
          .execute()
      }
      const version = Number(head.latest_version)
      const description = head.description
      await trx
        .insertInto(tables.versions)
        .values({
          scope_hash: hash,
          name,
          version,
          payload: payload(version),
          created_at: now,
          created_by: createdBy,
          description,
          previous_expires_at: previousExpiresAt?.getTime() ?? null,
        })
        .execute()
      return { name, version, createdAt: new Date(now), description, createdBy, previousExpiresAt }
    })

  return withRetry(backend, 'put', attempt, () => (ifVersion === 0 ? conflict() : 'retry'))
}
