/**
 * Exit codes, and the one handler every failure ends in: a `secrets: …` line
 * on stderr (the issue list of a bad environment under it), never a stack
 * trace unless `SECRETS_DEBUG=1`, never a value (errors of @secrets hold none,
 * and the message of an error from elsewhere is not printed).
 * @module
 */
import { SecretsError, type SecretsErrorCode } from '@secrets/core'
import { CommanderError } from 'commander'

/** The exit codes, as `secrets --help` documents them. */
export const EXIT = {
  ok: 0,
  usage: 1,
  notFound: 2,
  conflict: 3,
  config: 4,
  backend: 5,
  interrupted: 130,
} as const

/** A failure the CLI reports itself, with its exit code; its message never holds a value. */
export class CliError extends Error {
  /** The process exit code. */
  readonly exitCode: number

  /**
   * @param exitCode one of {@link EXIT}
   * @param message what went wrong and how to fix it
   * @param cause the error behind it, printed with `SECRETS_DEBUG=1` only
   */
  constructor(exitCode: number, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'CliError'
    this.exitCode = exitCode
  }
}

/**
 * The exit code of each @secrets error code; a code added later (and not
 * listed here yet) is a backend failure, exit 5.
 */
const EXIT_BY_CODE: Readonly<Partial<Record<SecretsErrorCode | (string & {}), number>>> = {
  INVALID_ARGUMENT: EXIT.usage,
  INVALID_NAME: EXIT.usage,
  INVALID_SCOPE: EXIT.usage,
  INVALID_VALUE: EXIT.usage,
  SECRET_NOT_FOUND: EXIT.notFound,
  MISSING_SECRETS: EXIT.notFound,
  CONFLICT: EXIT.conflict,
  INVALID_CONFIG: EXIT.config,
  INVALID_MASTER_KEY: EXIT.config,
  // The keyring lacks a key that stored envelopes need: fixed in the environment.
  UNKNOWN_KEY_ID: EXIT.config,
  AUDIT_FAILED: EXIT.backend,
  BACKEND_ERROR: EXIT.backend,
  DECRYPTION_FAILED: EXIT.backend,
  REKEY_INCOMPLETE: EXIT.backend,
  UNSUPPORTED_OPERATION: EXIT.backend,
  ABORTED: EXIT.interrupted,
}

/** The exit code an error stands for. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage
  if (error instanceof CliError) return error.exitCode
  if (SecretsError.isInstance(error))
    return EXIT_BY_CODE[(error as SecretsError).code] ?? EXIT.backend
  return EXIT.backend
}

/**
 * Prints an error and returns its exit code. Commander has printed its own
 * usage errors already. An error from outside @secrets gets a generic line:
 * its message could quote anything, a value included.
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr) {
  const code = exitCodeOf(error)
  if (error instanceof CommanderError) return code
  if (error instanceof CliError || SecretsError.isInstance(error)) {
    stderr.write(`secrets: ${error.message}\n`)
  } else {
    const name = error instanceof Error ? error.name : typeof error
    stderr.write(`secrets: unexpected ${name}; run again with SECRETS_DEBUG=1 for details\n`)
  }
  if (process.env.SECRETS_DEBUG === '1') {
    for (let e: unknown = error; e instanceof Error; e = e.cause) stderr.write(`${e.stack}\n`)
  }
  return code
}

/** A file system error as a usage error naming the file and the code (ENOENT, EACCES). */
export function fileError(path: string, error: unknown): CliError {
  const code = (error as { code?: unknown } | null)?.code
  return new CliError(
    EXIT.usage,
    `cannot read ${path} (${typeof code === 'string' ? code : 'unreadable'})`,
  )
}
