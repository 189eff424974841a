/**
 * Running the Migrator on SQLite under the database's write lock.
 * @module
 */
import { type Kysely, type MigrationResultSet, Migrator, type MigratorProps, sql } from 'kysely'

/**
 * SQLite: the Migrator's own lock does nothing there (it assumes one
 * connection), so two processes starting at once could both find a migration
 * pending and both run it ("table already exists"). Instead the whole
 * check-and-migrate runs in one `BEGIN IMMEDIATE` transaction on one
 * connection: it takes the database's write lock before the history is read,
 * a second process waits for it (for up to the connection's busy timeout:
 * better-sqlite3's `timeout`, 5 s by default), then finds the schema current.
 */
export function migrateSqlite(db: Kysely<unknown>, props: Omit<MigratorProps, 'db'>) {
  return db.connection().execute(async (conn): Promise<MigrationResultSet> => {
    await sql`begin immediate`.execute(conn)
    try {
      const result = await new Migrator({
        ...props,
        db: conn,
        disableTransactions: true,
      }).migrateToLatest()
      await sql.raw(result.error === undefined ? 'commit' : 'rollback').execute(conn)
      return result
    } catch (error) {
      // A failed COMMIT leaves the transaction open; end it before the connection is reused.
      await sql`rollback`.execute(conn).catch(() => undefined)
      throw error
    }
  })
}
