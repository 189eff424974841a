import { type ChildProcess, fork } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChildCommand, ChildReport } from './_migrate-child.js'

const CHILD = fileURLToPath(new URL('./_migrate-child.ts', import.meta.url))
/** The children run the TypeScript sources through tsx's loader. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const PROCESSES = 8
const ROUNDS = 20

/** Sends a command to every child and waits for every answer; a child that exits instead fails the test. */
function ask(children: ChildProcess[], command: ChildCommand): Promise<unknown[]> {
  return Promise.all(
    children.map(async (child) => {
      const abort = new AbortController()
      const { signal } = abort
      const answer = once(child, 'message', { signal }).then(([message]) => message as unknown)
      const exited = once(child, 'exit', { signal }).then(([code]) => {
        throw new Error(`a migrating process exited (code ${code}) instead of answering`)
      })
      child.send(command)
      try {
        return await Promise.race([answer, exited])
      } finally {
        abort.abort()
        for (const pending of [answer, exited]) pending.catch(() => undefined)
      }
    }),
  )
}

const names = (rows: unknown[]) => rows.map((row) => (row as { name: string }).name)

describe('migrations on one SQLite file from several processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-migrate-'))
  let children: ChildProcess[] = []

  beforeAll(() => {
    children = Array.from({ length: PROCESSES }, () =>
      fork(CHILD, [], {
        execArgv: ['--import', TSX],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      }),
    )
  })
  afterAll(async () => {
    const exits = children.map((child) => (child.exitCode === null ? once(child, 'exit') : null))
    for (const child of children) if (child.connected) child.send('exit')
    await Promise.all(exits)
    rmSync(dir, { recursive: true, force: true })
  })

  it(`all succeed when ${PROCESSES} processes migrate one fresh file at once (${ROUNDS} rounds)`, async () => {
    const failures: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const file = join(dir, `round-${round}.db`)
      // Every child opens the file first, then all are told to migrate at the same moment.
      await ask(children, { open: file })
      const reports = (await ask(children, 'go')) as ChildReport[]
      for (const report of reports) if (!report.ok) failures.push(`round ${round}: ${report.error}`)
      const database = new Database(file, { readonly: true })
      try {
        const history = database.prepare('select name from secrets_migrations').all()
        const tables = database
          .prepare("select name from sqlite_master where type = 'table' order by name")
          .all()
        // Each migration ran once, by exactly one of the processes.
        expect(reports.flatMap((r) => (r.ok ? r.applied : [])).sort()).toEqual(names(history))
        expect(names(history).sort()).toEqual([
          'secrets_0001_initial',
          'secrets_0002_access_log_time',
        ])
        expect(names(tables)).toEqual([
          'secrets_access_log',
          'secrets_heads',
          'secrets_migrations',
          'secrets_migrations_lock',
          'secrets_versions',
          'sqlite_sequence',
        ])
      } finally {
        database.close()
      }
    }
    expect(failures).toEqual([])
  }, 300_000)
})
