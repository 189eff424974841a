/**
 * The `secrets` command and its subcommands, built on commander.
 * @module
 */
import { Command } from 'commander'
import { version } from '../package.json'
import { registerDelete } from './commands/delete.js'
import { registerDoctor } from './commands/doctor.js'
import { registerGet } from './commands/get.js'
import { registerInit } from './commands/init.js'
import { registerKeygen } from './commands/keygen.js'
import { registerList } from './commands/list.js'
import { registerLog } from './commands/log.js'
import { registerRekey } from './commands/rekey.js'
import { registerResolve } from './commands/resolve.js'
import { registerRotate } from './commands/rotate.js'
import { registerRun } from './commands/run.js'
import { registerServe } from './commands/serve.js'
import { registerSet } from './commands/set.js'
import { registerVersions } from './commands/versions.js'

const FOOTER = `
Exit codes:
  0    success
  1    usage: a bad option, argument, name, scope or value
  2    not found: the secret, version or referenced secrets do not exist
  3    conflict: --if-version did not match the latest version
  4    configuration: the environment, master keys or config file are invalid
  5    audit or backend: no audit sink recorded the access, or the backend failed
  130  interrupted (Ctrl-C)
  \`secrets run\` exits with the program's own status.

Environment (see docs/cli.md):
  SECRETS_BACKEND        sqlite (default), postgres, mysql, memory, mongodb,
                         hashicorp-vault, aws-secrets-manager, gcp-secret-manager
  SECRETS_DATABASE_URL   file:PATH for SQLite (default file:./secrets.db), or a URL
  SECRETS_MASTER_KEY     the master key (secrets keygen), or SECRETS_MASTER_KEYS=id:key,…
                         with SECRETS_PRIMARY_KEY_ID
  SECRETS_AUDIT          table, stderr, file:PATH or off (comma list)
  SECRETS_SCOPE          the default --scope, such as tenant=acme
  SECRETS_DEBUG=1        print stack traces of errors (never values)
  NO_COLOR               no colour
`

/** The `secrets` program. Errors throw (`exitOverride`) and end in `reportError`. */
export function createProgram(): Command {
  const program = new Command('secrets')
    .description(
      'Encrypted, scoped, audited secrets from the command line, configured by the same environment variables as @secrets/env.',
    )
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    // Options belong to the command they follow (`get --version 2`, `run -- cmd --flag`).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(`secrets: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', FOOTER)
  for (const register of [
    registerSet,
    registerGet,
    registerRotate,
    registerList,
    registerVersions,
    registerDelete,
    registerLog,
    registerRekey,
    registerResolve,
    registerRun,
    registerDoctor,
    registerServe,
    registerKeygen,
    registerInit,
  ]) {
    register(program)
  }
  return program
}
