/**
 * `secrets log [NAME]`: the access log from the backend's audit table, newest
 * first, walked page by page until `--limit` events or `--since`.
 * @module
 */
import type { AccessLogEntry } from '@secrets/core'
import type { Command } from 'commander'
import { type StoreFlags, withStore, withStoreOptions } from '../_context.js'
import { CliError, EXIT } from '../_errors.js'
import { examples } from '../_help.js'
import { isoTime, printColumns, printJson } from '../_output.js'
import { parsePositive, parseSince } from '../_parse.js'

interface LogFlags extends StoreFlags {
  since?: Date
  limit?: number
  json?: boolean
}

const DEFAULT_LIMIT = 50
const PAGE = 1000

/** Registers `log`. */
export function registerLog(program: Command): void {
  withStoreOptions(program.command('log'))
    .summary('show the access log from the audit table')
    .description(
      "show the access log of a scope (or of one secret), newest first, from the backend's audit table (SQL and MongoDB backends)",
    )
    .argument('[name]', 'only events about this secret')
    .option(
      '--since <when>',
      'only events after this: a duration ago (1h, 7d) or a date',
      parseSince,
    )
    .option('--limit <n>', `at most n events (default: ${DEFAULT_LIMIT})`, parsePositive)
    .option('--json', 'print an array of events')
    .addHelpText(
      'after',
      examples(
        'secrets log --scope tenant=acme --since 1h',
        'secrets log STRIPE_KEY --limit 200 --json',
        '# store-wide actions (rekey, key usage) are logged under the global scope:',
        'secrets log --scope ""',
      ),
    )
    .action(async (name: string | undefined, flags: LogFlags) => {
      await withStore(flags, async ({ auditTable, config, access }) => {
        if (!auditTable) {
          throw new CliError(
            EXIT.config,
            `the ${config.backend} backend keeps no audit table to read the log from (its events go to SECRETS_AUDIT: stderr or file:PATH)`,
          )
        }
        if (!config.audit.some((t) => t.kind === 'table')) {
          process.stderr.write(
            'note: SECRETS_AUDIT does not list "table", so new events are not written there\n',
          )
        }
        const limit = flags.limit ?? DEFAULT_LIMIT
        const events: AccessLogEntry[] = []
        let cursor: string | undefined
        let older = false
        do {
          const page = await auditTable.query({
            scope: access.scope,
            limit: Math.min(PAGE, limit - events.length),
            ...(name === undefined ? {} : { name }),
            ...(cursor === undefined ? {} : { cursor }),
          })
          for (const event of page.items) {
            if (flags.since && event.time < flags.since) older = true
            else events.push(event)
          }
          cursor = page.cursor ?? undefined
        } while (cursor !== undefined && !older && events.length < limit)
        if (flags.json) return printJson(events)
        if (events.length === 0) {
          process.stderr.write('no events\n')
          return
        }
        printColumns([
          ['TIME', 'ACTION', 'OUTCOME', 'NAME', 'VERSION', 'ACCESSOR', 'REASON'],
          ...events.map((e) => [
            isoTime(e.time),
            e.action,
            e.errorCode ? `${e.outcome} (${e.errorCode})` : e.outcome,
            e.name ?? '-',
            e.version === null ? '-' : String(e.version),
            e.accessor ?? '-',
            e.reason ?? '',
          ]),
        ])
      })
    })
}
