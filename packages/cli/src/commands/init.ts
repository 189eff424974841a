/**
 * `secrets init`: creates or updates the tables of a SQL backend. Opening one
 * through @secrets/env migrates it (idempotent, safe from concurrent starts),
 * so `init` opens the store and reports the schema.
 * @module
 */
import type { Command } from 'commander'
import { type StoreFlags, withStore } from '../_context.js'
import { examples } from '../_help.js'
import { printJson } from '../_output.js'
import { SQL_BACKENDS, schemaStatus } from '../_schema.js'

interface InitFlags extends StoreFlags {
  json?: boolean
}

/** Registers `init`. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .summary('create or update the tables of a SQL backend')
    .description(
      'create or update the tables of a SQL backend (sqlite, postgres, mysql); other backends have nothing to migrate',
    )
    .option('--json', 'print { backend, migrated, schema }')
    .addHelpText(
      'after',
      examples(
        'SECRETS_BACKEND=postgres SECRETS_DATABASE_URL=postgres://… secrets init',
        'SECRETS_DATABASE_URL=file:/var/lib/app/secrets.db secrets init',
      ),
    )
    .action(async (flags: InitFlags) => {
      await withStore(flags, async ({ config }) => {
        const schema = await schemaStatus(config.backend)
        if (flags.json) {
          printJson({ backend: config.backend, migrated: SQL_BACKENDS.has(config.backend), schema })
        } else {
          process.stdout.write(`${config.backend}: schema ${schema}\n`)
        }
      })
    })
}
