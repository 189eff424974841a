/**
 * `secrets list`: the names in a scope and their latest version's metadata, never values.
 * @module
 */
import type { SecretSummary } from '@secrets/core'
import type { Command } from 'commander'
import { context, type StoreFlags, withStore, withStoreOptions } from '../_context.js'
import { examples } from '../_help.js'
import { isoTime, printColumns, printJson } from '../_output.js'
import { parsePositive } from '../_parse.js'

interface ListFlags extends StoreFlags {
  prefix?: string
  limit?: number
  json?: boolean
}

const PAGE = 1000

/** Registers `list`. */
export function registerList(program: Command): void {
  withStoreOptions(program.command('list'))
    .summary('list the secrets of a scope (never values)')
    .description('list the secrets of a scope with their latest version (every page; never values)')
    .option('--prefix <text>', 'only names starting with this')
    .option('--limit <n>', 'stop after n secrets', parsePositive)
    .option('--json', 'print an array of summaries')
    .addHelpText(
      'after',
      examples('secrets list --scope tenant=acme', 'secrets list --prefix stripe/ --json'),
    )
    .action(async (flags: ListFlags) => {
      await withStore(flags, async ({ scoped, access }) => {
        const items: SecretSummary[] = []
        const limit = flags.limit ?? Number.POSITIVE_INFINITY
        let cursor: string | undefined
        do {
          const page = await scoped.list({
            ...context(access),
            limit: Math.min(PAGE, limit - items.length),
            ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
            ...(cursor === undefined ? {} : { cursor }),
          })
          items.push(...page.items)
          cursor = page.cursor ?? undefined
        } while (cursor !== undefined && items.length < limit)
        if (flags.json) return printJson(items)
        if (items.length === 0) {
          process.stderr.write(`no secrets in scope ${JSON.stringify(scoped.scope)}\n`)
          return
        }
        printColumns([
          ['NAME', 'VERSION', 'UPDATED', 'BY', 'DESCRIPTION'],
          ...items.map((s) => [
            s.name,
            String(s.version),
            isoTime(s.updatedAt),
            s.updatedBy ?? '-',
            s.description ?? '',
          ]),
        ])
      })
    })
}
