/**
 * The databases every suite runs on: SQLite in memory always, PostgreSQL and
 * MariaDB/MySQL when their URL is set (scripts/services.sh prints them). In
 * CI a missing URL fails the run instead of skipping.
 */
import { describe } from 'vitest'
import type { SqlDialect } from '../src/index.js'
import type { Target } from './_open-database.js'

export { openDatabase, type TestDatabase } from './_open-database.js'

const SERVER_URLS: ReadonlyArray<[SqlDialect, string]> = [
  ['postgres', 'SECRETS_TEST_POSTGRES_URL'],
  ['mysql', 'SECRETS_TEST_MYSQL_URL'],
]

/** Every dialect, SQLite first. */
export const targets: Target[] = [
  { dialect: 'sqlite', url: ':memory:' },
  ...SERVER_URLS.map(([dialect, variable]): Target => {
    const url = process.env[variable]
    if (!url) {
      if (process.env.CI) {
        throw new Error(
          `${variable} must be set in CI: the ${dialect} suites cannot be skipped there`,
        )
      }
      console.log(
        `[@secrets/kysely] ${dialect} suites skipped: ${variable} is not set (eval "$(scripts/services.sh up)" starts the servers)`,
      )
    }
    return { dialect, url }
  }),
]

/** Runs `body` as a describe block per target, skipped where the server is not configured. */
export function describeEachDialect(title: string, body: (target: Target) => void): void {
  for (const target of targets) {
    describe.skipIf(!target.url)(`${title} (${target.dialect})`, () => body(target))
  }
}
