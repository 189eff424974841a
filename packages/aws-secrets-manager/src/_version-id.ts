/**
 * Version numbers live in AWS VersionIds. Version `n` of a secret is written
 * with `ClientRequestToken = versionIdOf(n)`, which AWS uses as the VersionId.
 * Every read then knows the number without another call, a pinned read is one
 * `GetSecretValue` by VersionId, and the write is conditional: AWS rejects a
 * token that is already in use with different data, so two writers can never
 * both create version `n`.
 * @module
 */

const PREFIX = 'secrets-v'
const DIGITS = 23 // AWS wants 32 to 64 characters
const PATTERN = /^secrets-v(\d{23})$/

/**
 * The VersionId (and ClientRequestToken) of version `n`.
 * @example versionIdOf(3) // 'secrets-v00000000000000000000003'
 */
export function versionIdOf(version: number): string {
  return PREFIX + String(version).padStart(DIGITS, '0')
}

/**
 * The version number a VersionId encodes.
 * @returns the number, or null for a VersionId this backend did not write
 */
export function versionNumberOf(versionId: string | undefined): number | null {
  const digits = versionId === undefined ? undefined : PATTERN.exec(versionId)?.[1]
  if (digits === undefined) return null
  const n = Number(digits)
  return Number.isSafeInteger(n) && n >= 1 ? n : null
}
