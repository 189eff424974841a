import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { generateMasterKey, Keyring } from '@secrets/core'

/** Where the master key came from. */
export type KeyOrigin = { variable: string } | { generatedFile: string }

const KEY_VARIABLES = ['SECRETS_MASTER_KEY', 'SECRETS_MASTER_KEYS'] as const

/**
 * The master key: from `SECRETS_MASTER_KEY(S)` when set; otherwise a
 * development key generated once into `file` (mode 0600).
 */
export function loadKeyring(file: string): { keyring: Keyring; origin: KeyOrigin } {
  const variable = KEY_VARIABLES.find((name) => process.env[name])
  if (variable !== undefined) return { keyring: Keyring.fromEnv(), origin: { variable } }
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, `${generateMasterKey()}\n`, { mode: 0o600, flag: 'wx' })
  }
  const key = readFileSync(file, 'utf8').trim()
  return {
    keyring: Keyring.fromEnv({ SECRETS_MASTER_KEY: key }),
    origin: { generatedFile: file },
  }
}
