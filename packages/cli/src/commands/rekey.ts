/**
 * `secrets rekey`: rewraps every data key not under the primary master key,
 * page by page, with progress. Ctrl-C stops between pages; what was rewrapped
 * stays rewrapped, and running it again finishes.
 * @module
 */
import {
  AbortedError,
  type RekeyFailure,
  RekeyIncompleteError,
  type RekeyProgress,
} from '@secrets/core'
import type { Command } from 'commander'
import { type OpenStore, type StoreFlags, withStore } from '../_context.js'
import { CliError, EXIT } from '../_errors.js'
import { examples } from '../_help.js'
import { printJson } from '../_output.js'
import { parsePositive } from '../_parse.js'
import { progress } from '../_progress.js'

interface RekeyFlags extends Omit<StoreFlags, 'scope'> {
  batchSize?: number
  reseal?: boolean
  json?: boolean
}

const MAX_LISTED_FAILURES = 20

/** Registers `rekey`. */
export function registerRekey(program: Command): void {
  program
    .command('rekey')
    .summary('rewrap every record under the primary master key')
    .description(
      'rewrap every stored data key under the primary master key (after adding a new key and making it primary), in pages; Ctrl-C stops between pages and running it again finishes',
    )
    .option('--batch-size <n>', 'records per page (default: 500)', parsePositive)
    .option('--reseal', 'also reseal format-1 envelopes as format 2 (binds the version number)')
    .option('--accessor <who>', 'who acts, for the audit trail (default: cli:<os user>)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples(
        '# 1. add the new key, make it primary, keep the old one for reading:',
        'export SECRETS_MASTER_KEYS="k1:$OLD_KEY,k2:$(secrets keygen)" SECRETS_PRIMARY_KEY_ID=k2',
        '# 2. rewrap, then check that k1 wraps nothing before dropping it:',
        'secrets rekey --batch-size 200 && secrets doctor',
      ),
    )
    .action(async (flags: RekeyFlags) => {
      await withStore(flags, (store) => rekey(store, flags))
    })
}

/** Counts the records, then rekeys them with progress, stopping between pages on Ctrl-C. */
async function rekey({ secrets, access }: OpenStore, flags: RekeyFlags): Promise<void> {
  const { accessor } = access
  const controller = new AbortController()
  let interrupts = 0
  const onSigint = () => {
    // A second Ctrl-C does not wait for the page in flight.
    if (++interrupts > 1) process.exit(EXIT.interrupted)
    controller.abort()
  }
  process.on('SIGINT', onSigint)
  let last: RekeyProgress = { scanned: 0, rewrapped: 0, failed: 0, cursor: null }
  try {
    if (process.stderr.isTTY) process.stderr.write('rekey: counting the records…\n')
    const { scanned: total } = await secrets.keyUsage({ accessor, signal: controller.signal })
    const bar = progress('rekey', total)
    try {
      const result = await secrets.rekey({
        accessor,
        signal: controller.signal,
        reseal: flags.reseal === true,
        ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
        onProgress: (p) => {
          // The walk ends with an empty page: nothing new to show.
          const same = p.scanned === last.scanned && p.rewrapped === last.rewrapped
          last = p
          if (!same) bar.update(p.scanned, `${p.rewrapped} rewrapped, ${p.failed} failed`)
        },
      })
      bar.done()
      if (flags.json) return printJson(result)
      const resealed = flags.reseal ? ` (${result.resealed} resealed)` : ''
      process.stdout.write(
        `rekey: ${result.scanned} records, ${result.rewrapped} rewrapped${resealed}; every record is under key ${result.primaryKeyId} (${result.primaryFingerprint})\n`,
      )
    } finally {
      bar.done()
    }
  } catch (error) {
    if (AbortedError.isInstance(error)) {
      throw new CliError(
        EXIT.interrupted,
        `rekey interrupted after ${last.scanned} records (${last.rewrapped} rewrapped); what was rewrapped stays so: run secrets rekey again to finish`,
      )
    }
    if (RekeyIncompleteError.isInstance(error)) listFailures(error.result.failed)
    throw error
  } finally {
    process.off('SIGINT', onSigint)
  }
}

/** Lists the records rekey left as they were (names, versions and codes only). */
function listFailures(failed: readonly RekeyFailure[]): void {
  for (const f of failed.slice(0, MAX_LISTED_FAILURES)) {
    process.stderr.write(`  ${f.code}: ${f.name} version ${f.version} in scope "${f.scopeKey}"\n`)
  }
  if (failed.length > MAX_LISTED_FAILURES) {
    process.stderr.write(`  … and ${failed.length - MAX_LISTED_FAILURES} more\n`)
  }
}
