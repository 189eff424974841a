/**
 * `secrets doctor`: checks the environment, the connection, the schema, the
 * store and the audit sinks, and reports which master keys the stored
 * envelopes use (how many under each), so that an operator knows when an old
 * key can be dropped. It never prints a value or key material: key ids and
 * fingerprints only.
 * @module
 */
import { type KeyUsage, SecretsError } from '@secrets/core'
import type { SecretsEnvConfig } from '@secrets/env'
import type { Command } from 'commander'
import {
  context,
  type OpenStore,
  type StoreFlags,
  withStore,
  withStoreOptions,
} from '../_context.js'
import { CliError, EXIT } from '../_errors.js'
import { examples } from '../_help.js'
import { palette, printJson, useColor } from '../_output.js'
import { schemaStatus } from '../_schema.js'

interface DoctorFlags extends StoreFlags {
  json?: boolean
}

type Status = 'ok' | 'warn' | 'fail'

interface Check {
  check: string
  status: Status
  detail: string
}

/** Registers `doctor`. */
export function registerDoctor(program: Command): void {
  withStoreOptions(program.command('doctor'))
    .summary('check the setup and show which master keys the records use')
    .description(
      'check the environment, the connection, the schema and the audit sinks, and show which master keys the stored envelopes use; never prints a value',
    )
    .option('--json', 'print the checks and the key usage as JSON')
    .addHelpText('after', examples('secrets doctor', 'secrets doctor --json | jq .keyUsage'))
    .action(async (flags: DoctorFlags) => {
      const checks: Check[] = []
      let usage: KeyUsage | null = null
      const add = (check: string, status: Status, detail: string) =>
        checks.push({ check, status, detail })
      // The check under way, named in the report when it fails.
      let stage = 'environment'
      try {
        const { loadSecretsEnv } = await import('@secrets/env')
        const config = loadSecretsEnv(process.env)
        add('environment', 'ok', environmentLine(config))
        add('keyring', 'ok', keyringLine(config))
        add('cache', 'ok', config.cacheTtlMs === null ? 'off' : `${config.cacheTtlMs} ms`)
        stage = 'connection'
        await withStore(flags, async (store) => {
          add('connection', 'ok', `opened ${store.backend.name}`)
          add('schema', 'ok', await schemaStatus(config.backend))
          stage = 'store'
          await store.scoped.list({ ...context(store.access), limit: 1 })
          add('store', 'ok', `listed scope ${JSON.stringify(store.scoped.scope)}`)
          stage = 'audit'
          for (const detail of await auditLines(store)) add('audit', detail.status, detail.text)
          stage = 'key usage'
          usage = await keyUsage(store, add)
          if (usage) assertReadable(usage)
        })
      } catch (error) {
        add(stage, 'fail', failureLine(error))
        report(checks, usage, flags.json === true)
        throw error
      }
      report(checks, usage, flags.json === true)
    })
}

function environmentLine(config: SecretsEnvConfig): string {
  return `${config.backend} backend${config.production ? ', NODE_ENV=production' : ''}`
}

function keyringLine(config: SecretsEnvConfig): string {
  const ring = config.keyring
  if (!ring) return 'none: the backend keeps values natively'
  const ids = ring.ids.map((id) => (id === ring.primaryId ? `${id} (primary)` : id))
  return `${ring.ids.length} key${ring.ids.length === 1 ? '' : 's'}: ${ids.join(', ')}`
}

/** The error's message when it is ours (they hold no values), else its kind. */
function failureLine(error: unknown): string {
  if (error instanceof CliError || SecretsError.isInstance(error)) return error.message
  return `unexpected ${error instanceof Error ? error.name : typeof error}`
}

/**
 * One line per audit target: the table answers a query, a file can be
 * written (opening the store checked it), stderr always takes lines.
 */
async function auditLines({ config, auditTable }: OpenStore) {
  const lines: { status: Status; text: string }[] = []
  for (const target of config.audit) {
    if (target.kind === 'table') {
      await auditTable!.query({ scope: {}, limit: 1 })
      lines.push({ status: 'ok', text: 'table: answers queries' })
    } else if (target.kind === 'file') {
      lines.push({ status: 'ok', text: `file:${target.path}: writable` })
    } else if (target.kind === 'stderr') {
      lines.push({ status: 'ok', text: 'stderr: JSON lines' })
    } else {
      lines.push({ status: 'warn', text: 'off: accesses are not audited' })
    }
  }
  return lines
}

/** Counts the records under each key, and says which keys can go and which are missing; null when the backend cannot walk its records. */
async function keyUsage(
  { secrets, access }: OpenStore,
  add: (check: string, status: Status, detail: string) => void,
): Promise<KeyUsage | null> {
  let usage: KeyUsage
  try {
    usage = await secrets.keyUsage({ accessor: access.accessor })
  } catch (error) {
    if (!SecretsError.isInstance(error) || error.code !== 'INVALID_ARGUMENT') throw error
    add('key usage', 'warn', `not available: ${error.message}`)
    return null
  }
  add('key usage', 'ok', `${usage.scanned} records scanned`)
  for (const key of usage.keys) {
    const role = !key.inKeyring
      ? 'missing from the keyring'
      : key.primary
        ? 'primary'
        : key.records === 0
          ? 'not used: can be dropped'
          : 'still used: run secrets rekey'
    const fingerprint = key.label === key.keyId ? '' : ` (fingerprint ${key.keyId})`
    add(
      `  key ${key.label ?? key.keyId}`,
      key.inKeyring ? 'ok' : 'fail',
      `${key.records} records, ${role}${fingerprint}`,
    )
  }
  if (usage.format1 > 0) {
    add('  format 1', 'warn', `${usage.format1} envelopes: secrets rekey --reseal upgrades them`)
  }
  return usage
}

/**
 * Fails when some records cannot be opened: wrapped under a key the keyring
 * lacks (exit 4: add it), or with a malformed header (exit 5).
 */
function assertReadable(usage: KeyUsage): void {
  const lacking = usage.keys.filter((k) => !k.inKeyring && k.records > 0)
  if (lacking.length > 0) {
    const records = lacking.reduce((n, k) => n + k.records, 0)
    throw new CliError(
      EXIT.config,
      `${records} records are wrapped under keys the keyring lacks (${lacking.map((k) => k.keyId).join(', ')}): add them to SECRETS_MASTER_KEYS`,
    )
  }
  if (usage.malformed > 0) {
    throw new CliError(EXIT.backend, `${usage.malformed} records have a malformed envelope header`)
  }
}

/** Prints the checks (and the key usage, in JSON). */
function report(checks: readonly Check[], usage: KeyUsage | null, json: boolean): void {
  if (json) {
    printJson({ ok: !checks.some((c) => c.status === 'fail'), checks, keyUsage: usage })
    return
  }
  const paint = palette(useColor(process.stdout))
  const tag = { ok: paint.green('ok  '), warn: paint.yellow('warn'), fail: paint.red('FAIL') }
  const width = Math.max(...checks.map((c) => c.check.length))
  for (const c of checks) {
    process.stdout.write(`${tag[c.status]}  ${c.check.padEnd(width)}  ${c.detail}\n`)
  }
}
