/**
 * A process of the multi-process migration test. Per round the test sends
 * `{ open: file }` (the child opens that SQLite file and answers `'ready'`),
 * then `'go'` (it migrates, closes the file and answers a {@link ChildReport});
 * `'exit'` ends it.
 */
import { on } from 'node:events'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { migrateSecretsSchema } from '../src/index.js'

/** What the child answers to `'go'`. */
export type ChildReport = { ok: true; applied: string[] } | { ok: false; error: string }

/** What the test sends. */
export type ChildCommand = { open: string } | 'go' | 'exit'

const send = (message: unknown) => {
  if (!process.send) throw new Error('run me with fork()')
  process.send(message)
}

let db: Kysely<unknown> | undefined
for await (const [command] of on(process, 'message') as AsyncIterable<[ChildCommand]>) {
  if (command === 'exit') break
  if (command === 'go' && db !== undefined) {
    let report: ChildReport
    try {
      report = { ok: true, applied: (await migrateSecretsSchema(db)).applied }
    } catch (error) {
      report = { ok: false, error: error instanceof Error ? error.message : String(error) }
    }
    await db.destroy()
    db = undefined
    send(report)
  } else if (typeof command === 'object') {
    db = new Kysely({ dialect: new SqliteDialect({ database: new Database(command.open) }) })
    send('ready')
  }
}
process.disconnect()
