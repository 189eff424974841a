/**
 * `secrets versions NAME`: every version's metadata, newest first, never values.
 * @module
 */
import { SecretNotFoundError } from '@secrets/core'
import type { Command } from 'commander'
import { context, type StoreFlags, withStore, withStoreOptions } from '../_context.js'
import { examples } from '../_help.js'
import { isoTime, printColumns, printJson } from '../_output.js'

interface VersionsFlags extends StoreFlags {
  json?: boolean
}

/** Registers `versions`. */
export function registerVersions(program: Command): void {
  withStoreOptions(program.command('versions'))
    .summary("list a secret's versions (never values)")
    .description("list a secret's versions, newest first (metadata only, never values)")
    .argument('<name>', 'the secret name')
    .option('--json', 'print an array of versions')
    .addHelpText('after', examples('secrets versions WEBHOOK_SECRET --scope tenant=acme'))
    .action(async (name: string, flags: VersionsFlags) => {
      await withStore(flags, async ({ scoped, access }) => {
        const versions = await scoped.versions(name, context(access))
        if (versions.length === 0) throw new SecretNotFoundError(name)
        if (flags.json) return printJson(versions)
        printColumns([
          ['VERSION', 'CREATED', 'BY', 'PREVIOUS VALID UNTIL', 'DESCRIPTION'],
          ...versions.map((v) => [
            String(v.version),
            isoTime(v.createdAt),
            v.createdBy ?? '-',
            isoTime(v.previousExpiresAt),
            v.description ?? '',
          ]),
        ])
      })
    })
}
