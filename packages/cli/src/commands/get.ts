/**
 * `secrets get NAME`: prints a value, audited with the accessor and reason.
 * @module
 */
import { SecretNotFoundError } from '@secrets/core'
import type { Command } from 'commander'
import { context, type StoreFlags, withStore, withStoreOptions } from '../_context.js'
import { examples } from '../_help.js'
import { printJson } from '../_output.js'
import { parsePositive } from '../_parse.js'

interface GetFlags extends StoreFlags {
  version?: number
  json?: boolean
}

/** Registers `get`. */
export function registerGet(program: Command): void {
  withStoreOptions(program.command('get'))
    .summary("print a secret's value")
    .description("print a secret's value and a newline (the latest version, or --version)")
    .argument('<name>', 'the secret name')
    .option('--version <n>', 'read this version instead of the latest', parsePositive)
    .option('--json', 'print { name, version, value }')
    .addHelpText(
      'after',
      examples(
        'secrets get STRIPE_KEY --scope tenant=acme --reason "charge refund #1234"',
        'secrets get STRIPE_KEY --version 2 --json',
        'export TOKEN="$(secrets get TOKEN)"',
      ),
    )
    .action(async (name: string, flags: GetFlags) => {
      await withStore(flags, async ({ scoped, access }) => {
        const request = flags.version === undefined ? { name } : { name, version: flags.version }
        const [found] = await scoped.readMany([request], context(access))
        if (!found) throw new SecretNotFoundError(name, flags.version)
        if (flags.json) printJson(found)
        else process.stdout.write(`${found.value}\n`)
      })
    })
}
