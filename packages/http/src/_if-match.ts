/**
 * `If-Match` as RFC 9110 §13.1.1 defines it, over the `"<version>"` entity
 * tags this API sends: `*` (the secret exists), or a list of entity tags
 * compared strongly (a weak tag never matches). A field that is not a valid
 * `If-Match` cannot hold, so it fails as a stale one does (412). Internal.
 * @module
 */
import type { ScopedSecrets } from '@secrets/core'
import { SecretsApiError } from './secrets-api-error.js'

const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/
const VERSION = /^[1-9][0-9]{0,14}$/

/** What an `If-Match` field asks: any current version, or one of these. */
type Condition = { any: true } | { any: false; versions: number[] }

function parse(field: string): Condition | null {
  const value = field.trim()
  if (value === '*') return { any: true }
  const versions: number[] = []
  for (const part of value.split(',')) {
    const tag = ENTITY_TAG.exec(part.trim())
    if (!tag) return null
    if (!tag[1] && VERSION.test(tag[2]!)) versions.push(Number(tag[2]))
  }
  return { any: false, versions }
}

function stale(name: string): SecretsApiError {
  return new SecretsApiError(
    'CONFLICT',
    `If-Match does not name the latest version of secret "${name}" (or it does not exist)`,
    { status: 412 },
  )
}

/**
 * The version a conditional write must find as the latest, or `undefined`
 * without `If-Match`. A single tag needs no read; `*` and several tags read
 * the latest version first (an audited `versions`), and the write is then a
 * compare-and-set against it.
 * @throws {SecretsApiError} 412 `CONFLICT` when the condition cannot hold
 */
export async function expectedVersion(
  field: string | undefined,
  secrets: ScopedSecrets,
  name: string,
  accessor: string,
): Promise<number | undefined> {
  if (field === undefined) return undefined
  const condition = parse(field)
  if (!condition || (!condition.any && condition.versions.length === 0)) throw stale(name)
  if (!condition.any && condition.versions.length === 1) return condition.versions[0]
  const latest = (await secrets.versions(name, { accessor }))[0]?.version
  if (latest === undefined || (!condition.any && !condition.versions.includes(latest)))
    throw stale(name)
  return latest
}
