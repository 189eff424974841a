/**
 * What `set` and `rotate` share: the value from stdin or a hidden prompt
 * (never from argv), the options, and the report of the version written.
 * @module
 */
import { assertSecretName } from '@secrets/core'
import type { Command } from 'commander'
import { context, type StoreFlags, withStore } from './_context.js'
import { CliError, EXIT } from './_errors.js'
import { readSecretValue } from './_input.js'
import { printJson } from './_output.js'

/** The options of `set` and `rotate`. */
export interface WriteFlags extends StoreFlags {
  description?: string
  ifVersion?: number
  overlap?: number
  json?: boolean
}

/**
 * Refuses a value given on the command line: it would land in shell history
 * and in `ps` for every user of the machine to see.
 */
export function refuseValueArgument(command: Command, name: string): void {
  if (command.args.length > 1) {
    throw new CliError(
      EXIT.usage,
      `${command.name()} takes no value on the command line (it would land in shell history and ps): pipe it (printf %s "$VALUE" | secrets ${command.name()} ${name}) or type it at the prompt`,
    )
  }
}

/** Opens the store, reads the value, writes it with `set` or `rotate`, and reports the version. */
export async function writeSecret(
  kind: 'set' | 'rotate',
  name: string,
  flags: WriteFlags,
): Promise<void> {
  await withStore(flags, async ({ scoped, access }) => {
    // The environment and the name are checked before anyone types a value.
    assertSecretName(name)
    const value = await readSecretValue(name)
    const options = {
      ...context(access),
      ...(flags.description === undefined ? {} : { description: flags.description }),
      ...(flags.ifVersion === undefined ? {} : { ifVersion: flags.ifVersion }),
      ...(flags.overlap === undefined ? {} : { overlapMs: flags.overlap }),
    }
    const { version } =
      kind === 'set'
        ? await scoped.set(name, value, options)
        : await scoped.rotate(name, value, options)
    if (flags.json) printJson({ name, version })
    else process.stdout.write(`${name}: version ${version} written\n`)
  })
}
