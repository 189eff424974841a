import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { generateMasterKey, Keyring } from '@secrets/core'

/**
 * The master key: `SECRETS_MASTER_KEY` when set; otherwise a development key
 * generated once into `file` (mode 0600), with a warning that it is not for
 * production.
 */
export function loadKeyring(file: string): {
  keyring: Keyring
  /** The variable the key came from, or the path of the generated development key. */
  source: string
} {
  if (process.env.SECRETS_MASTER_KEYS) {
    return { keyring: Keyring.fromEnv(), source: 'SECRETS_MASTER_KEYS' }
  }
  if (process.env.SECRETS_MASTER_KEY) {
    return { keyring: Keyring.fromEnv(), source: 'SECRETS_MASTER_KEY' }
  }
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, `${generateMasterKey()}\n`, { mode: 0o600, flag: 'wx' })
  }
  const key = readFileSync(file, 'utf8').trim()
  return {
    keyring: Keyring.fromEnv({ SECRETS_MASTER_KEY: key }),
    source: file,
  }
}
