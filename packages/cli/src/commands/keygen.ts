/**
 * `secrets keygen`: prints a new master key (base64 of 32 random bytes) on
 * stdout, and how to use it on stderr, so that `$(secrets keygen)` is the key.
 * @module
 */
import { deriveKeyId, generateMasterKey } from '@secrets/core'
import type { Command } from 'commander'
import { examples } from '../_help.js'

/** Registers `keygen`. */
export function registerKeygen(program: Command): void {
  program
    .command('keygen')
    .summary('print a new master key')
    .description('print a new master key: base64 of 32 random bytes (the hint goes to stderr)')
    .addHelpText(
      'after',
      examples(
        'export SECRETS_MASTER_KEY="$(secrets keygen)"',
        '# rotating: add a key, make it primary, rekey, then drop the old one',
        'export SECRETS_MASTER_KEYS="k1:$OLD,k2:$(secrets keygen)" SECRETS_PRIMARY_KEY_ID=k2',
      ),
    )
    .action(() => {
      const key = generateMasterKey()
      process.stdout.write(`${key}\n`)
      process.stderr.write(
        `secrets: a new master key (fingerprint ${deriveKeyId(Buffer.from(key, 'base64'))}); keep it in your secret manager, set it as SECRETS_MASTER_KEY, or add it to SECRETS_MASTER_KEYS as id:KEY and name it in SECRETS_PRIMARY_KEY_ID\n`,
      )
    })
}
