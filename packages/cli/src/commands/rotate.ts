/**
 * `secrets rotate NAME`: writes a new version of an existing secret, keeping
 * the previous one valid for an overlap window.
 * @module
 */
import type { Command } from 'commander'
import { withStoreOptions } from '../_context.js'
import { examples } from '../_help.js'
import { parseCount, parseDuration } from '../_parse.js'
import { refuseValueArgument, type WriteFlags, writeSecret } from '../_write.js'

/** Registers `rotate`. */
export function registerRotate(program: Command): void {
  withStoreOptions(program.command('rotate'))
    .summary('write a new version, keeping the previous one valid for --overlap')
    .description(
      'write a new version of an existing secret, keeping the previous one valid for --overlap (webhook and OAuth secrets); the value comes from stdin or a hidden prompt',
    )
    .argument('<name>', 'the secret name')
    .option(
      '--overlap <duration>',
      'how long the previous version stays valid, such as 24h',
      parseDuration,
    )
    .option('--description <text>', 'a description kept beside the value (never the value)')
    .option('--if-version <n>', 'write only if the latest version is n', parseCount)
    .option('--json', 'print { name, version }')
    .allowExcessArguments()
    .addHelpText(
      'after',
      examples(
        'secrets rotate WEBHOOK_SECRET --overlap 24h          # asks for the new value, hidden',
        'openssl rand -hex 32 | secrets rotate SIGNING_KEY --overlap 1h --if-version 3',
      ),
    )
    .action(async (name: string, flags: WriteFlags, command: Command) => {
      refuseValueArgument(command, name)
      await writeSecret('rotate', name, flags)
    })
}
