/**
 * What every command that touches the store shares: the `--scope`,
 * `--accessor` and `--reason` options, and opening the store from the
 * environment (`@secrets/env`) for the length of one command.
 * @module
 */
import { userInfo } from 'node:os'
import { type ScopedSecrets, SecretsError } from '@secrets/core'
import type { SecretsFromEnv } from '@secrets/env'
import { type Command, InvalidArgumentError } from 'commander'
import { CliError, EXIT } from './_errors.js'
import { parseScope } from './_parse.js'

/** The options {@link withStoreOptions} adds. */
export interface StoreFlags {
  scope?: string
  accessor?: string
  reason?: string
}

/** Who acts, where and why, as the store's calls take it. */
export interface AccessFlags {
  /** The scope's segments (`{}` when none is given). */
  scope: Record<string, string>
  /** Who acts, for the audit trail. */
  accessor: string
  /** Why, when given. */
  reason?: string
}

/** Adds `--scope`, `--accessor` and `--reason` to a command. */
export function withStoreOptions(command: Command): Command {
  return command
    .option(
      '--scope <segments>',
      'the scope, such as tenant=acme,user=alice (default: $SECRETS_SCOPE, else the global scope)',
    )
    .option('--accessor <who>', 'who acts, for the audit trail (default: cli:<os user>)')
    .option('--reason <why>', 'why, recorded in the audit trail')
}

/** The accessor when `--accessor` is not given: `cli:<os user>`. */
function defaultAccessor(): string {
  let user: string | undefined
  try {
    user = userInfo().username
  } catch {
    // No passwd entry for this uid (some containers).
    user = process.env.USER || process.env.LOGNAME
  }
  return `cli:${user || 'unknown'}`
}

/**
 * The scope, accessor and reason of a command's flags.
 * @throws {CliError} usage (exit 1) for a malformed `--scope` or `SECRETS_SCOPE`
 */
export function accessFlags(flags: StoreFlags): AccessFlags {
  const [text, source] =
    flags.scope !== undefined
      ? [flags.scope, '--scope']
      : [process.env.SECRETS_SCOPE, 'SECRETS_SCOPE']
  let scope: Record<string, string>
  try {
    scope = parseScope(text)
  } catch (error) {
    if (error instanceof InvalidArgumentError || SecretsError.isInstance(error)) {
      throw new CliError(EXIT.usage, `${source}: ${error.message}`)
    }
    throw error
  }
  if (flags.accessor !== undefined && flags.accessor.trim() === '') {
    throw new CliError(EXIT.usage, '--accessor must not be empty')
  }
  return {
    scope,
    accessor: flags.accessor ?? defaultAccessor(),
    ...(flags.reason === undefined ? {} : { reason: flags.reason }),
  }
}

/** Opens the store from `process.env`. */
async function open(): Promise<SecretsFromEnv> {
  // Imported here, so that commands that open nothing (keygen, --help) start fast.
  const { createSecretsFromEnv } = await import('@secrets/env')
  return createSecretsFromEnv(process.env)
}

/** The store, opened from the environment, with the command's scope. */
export interface OpenStore extends SecretsFromEnv {
  /** The handle on the command's scope. */
  scoped: ScopedSecrets
  /** The command's access flags. */
  access: AccessFlags
}

/**
 * Opens the store from `process.env`, runs `use`, and closes the store.
 * A bad argument found while opening is the environment's fault (a driver
 * missing, a URL of the wrong kind), so it exits 4, not 1.
 */
export async function withStore<T>(
  flags: StoreFlags,
  use: (store: OpenStore) => Promise<T>,
): Promise<T> {
  const access = accessFlags(flags)
  let opened: SecretsFromEnv
  try {
    opened = await open()
  } catch (error) {
    if (SecretsError.isInstance(error) && error.code === 'INVALID_ARGUMENT') {
      throw new CliError(EXIT.config, error.message, error)
    }
    if (SecretsError.isInstance(error) || error instanceof CliError) throw error
    // A driver's own error (better-sqlite3 on a missing directory): its message may quote anything.
    const name = error instanceof Error ? error.name : typeof error
    throw new CliError(
      EXIT.backend,
      `the backend could not be opened (${name}); run again with SECRETS_DEBUG=1 for details`,
      error,
    )
  }
  let result: T
  try {
    result = await use({ ...opened, scoped: opened.secrets.scope(access.scope), access })
  } catch (error) {
    await opened.close().catch(() => undefined)
    throw error
  }
  await opened.close()
  return result
}

/** The access context of a read or write: accessor, and reason when given. */
export function context(access: AccessFlags): { accessor: string; reason?: string } {
  return access.reason === undefined
    ? { accessor: access.accessor }
    : { accessor: access.accessor, reason: access.reason }
}
