/**
 * Benchmark of the `secrets` binary (`pnpm --filter @secrets/cli bench`, after
 * `pnpm build`), on SQLite in a temporary directory: the start-up cost of
 * `secrets run --env-file f -- node -e ''` with 20 placeholders (one batched
 * read, then the child's exec), and of `secrets get NAME`, each beside plain
 * `node -e ''` in the same alternating rounds. Every figure includes process
 * start-up; on a shared machine only the ratios within one run mean anything.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { printTable, timeRounds } from '@secrets/bench-kit'
import { generateMasterKey } from '@secrets/core'
import { createSecretsFromEnv } from '@secrets/env'

const PLACEHOLDERS = 20
const ROUNDS = 11
const BIN = join(import.meta.dirname, '..', 'dist', 'cli.js')

const dir = mkdtempSync(join(tmpdir(), 'secrets-cli-bench-'))
const storeEnv = {
  SECRETS_MASTER_KEY: generateMasterKey(),
  SECRETS_DATABASE_URL: `file:${join(dir, 'secrets.db')}`,
  SECRETS_SCOPE: 'tenant=bench',
}
const env = { ...process.env, ...storeEnv }

/** Runs a command to its end; fails on a non-zero exit. @returns its stdout */
function exec(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text
    })
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`)),
    )
  })
}

try {
  const { secrets, close } = await createSecretsFromEnv(storeEnv)
  const scope = secrets.scope({ tenant: 'bench' })
  const names = Array.from({ length: PLACEHOLDERS }, (_, i) => `SERVICE_${i}_TOKEN`)
  for (const [i, name] of names.entries()) await scope.set(name, `token-${i}-${'x'.repeat(24)}`)
  await close()
  const envFile = join(dir, 'bench.env')
  writeFileSync(envFile, names.map((n) => `${n}=\${SECRET:${n}}`).join('\n'))

  const node = { name: "node -e '' (baseline)", run: () => exec(['-e', '']) }
  const run = {
    name: `secrets run, ${PLACEHOLDERS} placeholders`,
    run: () => exec([BIN, 'run', '--env-file', envFile, '--', process.execPath, '-e', '']),
  }
  const get = { name: 'secrets get', run: () => exec([BIN, 'get', names[0]!]) }
  const check = await exec([
    BIN,
    'run',
    '--no-mask',
    '--env-file',
    envFile,
    '--',
    process.execPath,
    '-e',
    `process.stdout.write(process.env.${names[19]})`,
  ])
  if (
    check !== `token-19-${'x'.repeat(24)}` ||
    (await get.run()) !== `token-0-${'x'.repeat(24)}\n`
  ) {
    throw new Error('the CLI returned wrong values: the figures would mean nothing')
  }

  const candidates = [node, run, get]
  const medians = await timeRounds(candidates, ROUNDS)
  const base = medians.get(node.name)!
  printTable(
    `secrets CLI on SQLite, process start included: median of ${ROUNDS} alternating rounds`,
    candidates.map((c) => ({
      command: c.name,
      'median ms': medians.get(c.name)!.toFixed(1),
      'time vs node': (medians.get(c.name)! / base).toFixed(2),
    })),
  )
  const more = (c: { name: string }) => (medians.get(c.name)! - base).toFixed(0)
  console.log(
    `\nsecrets run costs ${more(run)} ms more than node -e '' before and around the child ` +
      `(${PLACEHOLDERS} placeholders, one batched read); secrets get, ${more(get)} ms more`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
