/**
 * `secrets delete NAME`: deletes every version, after asking on a terminal.
 * @module
 */
import { assertSecretName, SecretNotFoundError } from '@secrets/core'
import type { Command } from 'commander'
import { context, type StoreFlags, withStore, withStoreOptions } from '../_context.js'
import { examples } from '../_help.js'
import { confirm } from '../_input.js'
import { printJson } from '../_output.js'

interface DeleteFlags extends StoreFlags {
  yes?: boolean
  json?: boolean
}

/** Registers `delete`. */
export function registerDelete(program: Command): void {
  withStoreOptions(program.command('delete'))
    .summary('delete a secret and all its versions')
    .description(
      'delete a secret and every version of it; asks first on a terminal, and needs --yes elsewhere',
    )
    .argument('<name>', 'the secret name')
    .option('-y, --yes', 'do not ask')
    .option('--json', 'print { name, deleted }')
    .addHelpText(
      'after',
      examples('secrets delete OLD_TOKEN --scope tenant=acme', 'secrets delete OLD_TOKEN --yes'),
    )
    .action(async (name: string, flags: DeleteFlags) => {
      await withStore(flags, async ({ scoped, access }) => {
        assertSecretName(name)
        const question = `Delete ${name} and all its versions from scope ${JSON.stringify(scoped.scope)}?`
        if (!flags.yes && !(await confirm(question, '--yes'))) {
          process.stderr.write(`${name}: not deleted\n`)
          return
        }
        if (!(await scoped.delete(name, context(access)))) throw new SecretNotFoundError(name)
        if (flags.json) printJson({ name, deleted: true })
        else process.stdout.write(`${name}: deleted\n`)
      })
    })
}
