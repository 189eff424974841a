/** Stores for the suites: memory, and SQL through @secrets/kysely. */

import {
  type AuditEvent,
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryAuditSink,
  memoryBackend,
  type SecretBackend,
} from '@secrets/core'
import { kyselyBackend, migrateSecretsSchema } from '@secrets/kysely'
import Database from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'

/** A store on `backend` (memory by default) whose audit events can be read. */
export function testStore(backend: SecretBackend = memoryBackend()) {
  const audit = memoryAuditSink()
  const secrets = createSecrets({
    backend,
    keyring: Keyring.fromKeys({ keys: { k: generateMasterKey() } }),
    audit,
  })
  return { secrets, audit, events: (): AuditEvent[] => audit.events }
}

/** A SQL database to run a suite on. */
export interface SqlTarget {
  dialect: 'sqlite' | 'postgres'
  url: string | undefined
}

/** SQLite in memory always; PostgreSQL when SECRETS_TEST_POSTGRES_URL is set. */
export const sqlTargets: SqlTarget[] = [
  { dialect: 'sqlite', url: ':memory:' },
  { dialect: 'postgres', url: process.env.SECRETS_TEST_POSTGRES_URL },
]

/** Opens a Kysely instance on a target. */
export function openKysely(target: SqlTarget, log?: (sql: string) => void): Kysely<unknown> {
  const dialect =
    target.dialect === 'sqlite'
      ? new SqliteDialect({ database: new Database(target.url as string) })
      : new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 4 }) })
  return new Kysely<unknown>({
    dialect,
    log: (event) => {
      if (log && event.level === 'query') log(event.query.sql)
    },
  })
}

/** A random identifier prefix, so that runs never share tables. */
export function randomName(prefix: string): string {
  return `${prefix}_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`
}

/** A store kept in the SQL tables of `@secrets/kysely`, under a random prefix. */
export async function sqlStore(db: Kysely<unknown>) {
  const tablePrefix = `${randomName('s')}_`
  await migrateSecretsSchema(db, { tablePrefix })
  return { ...testStore(kyselyBackend({ db, tablePrefix })), tablePrefix }
}
