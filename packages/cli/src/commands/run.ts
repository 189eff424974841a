/**
 * `secrets run -- CMD ARGS…`: runs a program with the current environment
 * plus the variables of `--env-file`s, every secret reference in them
 * resolved with one batched read, and the values masked in its output.
 * @module
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { constants } from 'node:os'
import { basename } from 'node:path'
import type { Readable } from 'node:stream'
import { collectRefs, resolveConfig, type ScopedSecrets } from '@secrets/core'
import type { Command } from 'commander'
import { parse } from 'dotenv'
import { type StoreFlags, withStore, withStoreOptions } from '../_context.js'
import { CliError, fileError } from '../_errors.js'
import { examples } from '../_help.js'
import { createMasker, MIN_MASKED_LENGTH } from '../_mask.js'

interface RunFlags extends StoreFlags {
  envFile: string[]
  mask: boolean
}

type Variables = Record<string, string>

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** Registers `run`. */
export function registerRun(program: Command): void {
  withStoreOptions(program.command('run'))
    .summary("run a program with its environment's references resolved, output masked")
    .description(
      'run a program with the current environment plus the variables of --env-file, every ${SECRET:NAME} or secret:NAME in them resolved; secret values are masked in its output unless --no-mask; its exit code comes back',
    )
    .argument('<command...>', 'the program and its arguments (after --)')
    .option(
      '--env-file <file>',
      'add the variables of a dotenv file (repeatable; later files win over earlier ones and the environment)',
      (file: string, files: string[]) => [...files, file],
      [],
    )
    .option(
      '--no-mask',
      'leave the output alone: the program gets this terminal directly (colours, prompts)',
    )
    .passThroughOptions()
    .addHelpText(
      'after',
      `${examples(
        'secrets run --env-file .env --scope tenant=acme -- node server.js',
        'DATABASE_URL="postgres://app:\\${SECRET:DB_PASSWORD}@db/app" secrets run -- npm start',
        'secrets run --no-mask --env-file .env -- psql',
      )}
Values of ${MIN_MASKED_LENGTH} characters or more are masked as •••• in stdout and stderr,
which are then pipes rather than the terminal. Exit status: the program's, 128+N
when a signal N ended it, 127 when it cannot be found, 126 when it cannot be run.
`,
    )
    .action(async (argv: string[], flags: RunFlags) => {
      const variables = environment(flags.envFile)
      const resolved = { variables, secrets: [] as string[] }
      if (collectRefs(variables).length > 0) {
        await withStore(flags, async ({ scoped, access }) => {
          const reason = access.reason ?? `secrets run ${basename(argv[0]!)}`
          const context = { accessor: access.accessor, reason }
          Object.assign(resolved, await resolveVariables(variables, scoped, context))
        })
      }
      process.exitCode = await runChild(
        argv,
        resolved.variables,
        flags.mask ? resolved.secrets : null,
      )
    })
}

/** The current environment with the variables of each file over it, in order. */
function environment(files: readonly string[]): Variables {
  const variables: Variables = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined) variables[name] = value
  }
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      throw fileError(file, error)
    }
    Object.assign(variables, parse(text))
  }
  return variables
}

/**
 * Resolves every reference with one `resolveConfig` (one batched read), and
 * collects what to mask: each value read, and each variable that changed.
 */
async function resolveVariables(
  variables: Variables,
  scoped: ScopedSecrets,
  access: { accessor: string; reason: string },
): Promise<{ variables: Variables; secrets: string[] }> {
  const secrets: string[] = []
  const recording: Pick<ScopedSecrets, 'readMany'> = {
    readMany: async (requests, ctx) => {
      const found = await scoped.readMany(requests, ctx)
      for (const value of found) if (value) secrets.push(value.value)
      return found
    },
  }
  const resolved = await resolveConfig<Record<string, unknown>>(variables, {
    secrets: recording,
    ...access,
  })
  const out: Variables = {}
  for (const [name, value] of Object.entries(resolved)) {
    // A whole-string #field reference can give a number or an object.
    out[name] = typeof value === 'string' ? value : JSON.stringify(value)
    if (out[name] !== variables[name]) secrets.push(out[name])
  }
  return { variables: out, secrets }
}

/** Copies a child's output stream to ours, masked. */
function pipeMasked(from: Readable, to: NodeJS.WriteStream, secrets: readonly string[]): void {
  const masker = createMasker(secrets)
  // Our reader went away (`| head`): close the child's pipe too, so that it stops.
  to.on('error', () => from.destroy())
  from.on('data', (chunk: Buffer) => {
    const out = masker.push(chunk)
    if (out.length > 0) to.write(out)
  })
  from.on('end', () => {
    const out = masker.end()
    if (out.length > 0) to.write(out)
  })
}

/**
 * Runs the program with stdin inherited and stdout/stderr masked (or all
 * inherited), forwarding SIGINT, SIGTERM and SIGHUP to it.
 * @returns its exit code, or 128 + the signal's number when a signal ended it
 */
function runChild(argv: string[], env: Variables, secrets: string[] | null): Promise<number> {
  const [command, ...args] = argv as [string, ...string[]]
  const child = spawn(command, args, {
    env,
    stdio: secrets ? ['inherit', 'pipe', 'pipe'] : 'inherit',
  })
  const forward = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  }
  for (const signal of FORWARDED) process.on(signal, forward)
  if (secrets) {
    pipeMasked(child.stdout!, process.stdout, secrets)
    pipeMasked(child.stderr!, process.stderr, secrets)
  }
  return new Promise((resolve, reject) => {
    let settled = false
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      for (const signal of FORWARDED) process.off(signal, forward)
      fn()
    }
    child.on('error', (error: NodeJS.ErrnoException) =>
      settle(() =>
        reject(
          error.code === 'ENOENT'
            ? new CliError(127, `command not found: ${command}`)
            : new CliError(126, `cannot run ${command} (${error.code ?? 'error'})`),
        ),
      ),
    )
    child.on('close', (code, signal) =>
      settle(() => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0))),
    )
  })
}
