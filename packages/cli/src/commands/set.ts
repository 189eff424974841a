/**
 * `secrets set NAME`: writes a new version, the value from stdin or a hidden prompt.
 * @module
 */
import type { Command } from 'commander'
import { withStoreOptions } from '../_context.js'
import { examples } from '../_help.js'
import { parseCount } from '../_parse.js'
import { refuseValueArgument, type WriteFlags, writeSecret } from '../_write.js'

/** Registers `set`. */
export function registerSet(program: Command): void {
  withStoreOptions(program.command('set'))
    .summary('write a secret (value from stdin or a hidden prompt)')
    .description(
      'write a new version of a secret (creating it); the value comes from stdin, or from a hidden prompt on a terminal, never from the command line',
    )
    .argument('<name>', 'the secret name, such as API_KEY or stripe/live')
    .option('--description <text>', 'a description kept beside the value (never the value)')
    .option(
      '--if-version <n>',
      'write only if the latest version is n (0: only if it does not exist yet)',
      parseCount,
    )
    .option('--json', 'print { name, version }')
    .allowExcessArguments()
    .addHelpText(
      'after',
      examples(
        'secrets set STRIPE_KEY --scope tenant=acme          # asks for the value, hidden',
        'printf %s "$TOKEN" | secrets set SLACK_TOKEN --description "bot token"',
        'secrets set DB_PASSWORD --if-version 0 < password.txt # only if it does not exist',
      ),
    )
    .action(async (name: string, flags: WriteFlags, command: Command) => {
      refuseValueArgument(command, name)
      await writeSecret('set', name, flags)
    })
}
