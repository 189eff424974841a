/**
 * Listings: `list` over `ListSecrets` and `versions` over
 * `ListSecretVersionIds`.
 *
 * AWS lists secrets by creation date, not by name (and `SortBy: 'name'` is
 * recent, its collation undocumented, and ignored by emulators), so a name
 * order page cannot be a page of AWS's. `list` walks every AWS page under the
 * scope's name prefix (100 secrets per call), keeps exactly this scope's
 * names, sorts them by byte order and cuts the page after the cursor, which
 * is the last name returned (keyset paging, stable under inserts).
 * @module
 */
import {
  ListSecretsCommand,
  type ListSecretsCommandOutput,
  ListSecretVersionIdsCommand,
  type ListSecretVersionIdsCommandOutput,
} from '@aws-sdk/client-secrets-manager'
import {
  InvalidArgumentError,
  isSecretName,
  type ListOptions,
  type ListPage,
  type Scope,
  type SecretSummary,
  type VersionInfo,
} from '@secrets/core'
import { isAwsError } from './_aws-errors.js'
import { type BackendContext, currentVersionId, describeSecret, failure } from './_context.js'
import { expiresFromLabels, metadataOf } from './_metadata.js'
import { MAX_AWS_NAME_LENGTH } from './_name-mapper.js'
import { versionNumberOf } from './_version-id.js'

const CURSOR_PREFIX = 'aws1:'
const NAME_CHARS = /^[A-Za-z0-9_.\-/]*$/

/** Every version of a secret: all pages of `ListSecretVersionIds`, deprecated ones included. */
export type StoredVersion = NonNullable<ListSecretVersionIdsCommandOutput['Versions']>[number]

/**
 * Lists this scope's secrets in name order, paged.
 * @throws {InvalidArgumentError} for a bad limit, prefix or cursor
 */
export async function list(
  ctx: BackendContext,
  scope: Scope,
  options: ListOptions,
): Promise<ListPage> {
  const { limit, prefix = '', cursor } = options
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
    throw new InvalidArgumentError('limit must be an integer from 1 to 1000')
  }
  if (typeof prefix !== 'string' || !NAME_CHARS.test(prefix) || prefix.length > 255) {
    throw new InvalidArgumentError('prefix must be up to 255 of A-Z a-z 0-9 _ . - /')
  }
  const after = cursor === undefined ? undefined : decodeCursor(cursor)
  const scopePrefix = ctx.mapper.scopePrefix(scope)
  const filter = scopePrefix + prefix
  if (filter.length > MAX_AWS_NAME_LENGTH) return { items: [], cursor: null }

  const matches: Array<{ name: string; entry: ListEntry }> = []
  let token: string | undefined
  do {
    let out: ListSecretsCommandOutput
    try {
      out = await ctx.client.send(
        new ListSecretsCommand({
          MaxResults: 100,
          NextToken: token,
          ...(filter === '' ? {} : { Filters: [{ Key: 'name', Values: [filter] }] }),
        }),
      )
    } catch (err) {
      throw failure(ctx, 'ListSecrets', `${filter}*`, err)
    }
    for (const entry of out.SecretList ?? []) {
      // The name filter is a string prefix: keep exactly this scope's names.
      const awsName = entry.Name ?? ''
      if (!awsName.startsWith(filter) || entry.DeletedDate !== undefined) continue
      const name = awsName.slice(scopePrefix.length)
      if (!isSecretName(name) || (after !== undefined && name <= after)) continue
      matches.push({ name, entry })
    }
    token = out.NextToken || undefined
  } while (token)

  matches.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const page: SecretSummary[] = []
  for (const { name, entry } of matches) {
    if (page.length === limit) break
    const summary = await summaryOf(name, entry)
    if (summary) page.push(summary)
  }
  const more =
    matches.length > 0 && page.length === limit && matches.at(-1)!.name > page.at(-1)!.name
  return { items: page, cursor: more ? encodeCursor(page.at(-1)!.name) : null }
}

/**
 * Every version's metadata, newest first (`DescribeSecret` for the metadata
 * tags and `ListSecretVersionIds` for the versions, concurrently). A current
 * version written outside this backend is listed as version 0.
 */
export async function versions(
  ctx: BackendContext,
  scope: Scope,
  name: string,
): Promise<VersionInfo[]> {
  const awsName = ctx.mapper.path(scope, name)
  const [described, stored] = await Promise.all([
    describeSecret(ctx, awsName),
    listVersionIds(ctx, awsName),
  ])
  if (described.state !== 'active' || described.current === undefined) return []
  const out: VersionInfo[] = []
  for (const v of stored) {
    const number = versionNumberOf(v.VersionId)
    const isCurrent = v.VersionId === described.current
    if (number === null && !isCurrent) continue
    const meta = await metadataOf(described.tags, number, described.description)
    out.push({
      name,
      version: number ?? 0,
      description: meta?.description ?? null,
      createdBy: meta?.createdBy ?? null,
      previousExpiresAt: meta?.previousExpiresAt ?? expiresFromLabels(v.VersionStages),
      createdAt: v.CreatedDate ?? new Date(0),
    })
  }
  return out.sort((a, b) => b.version - a.version)
}

/** Every version of a secret, deprecated ones included; empty when the secret is absent. */
export async function listVersionIds(
  ctx: BackendContext,
  awsName: string,
): Promise<StoredVersion[]> {
  const all: StoredVersion[] = []
  let token: string | undefined
  do {
    let out: ListSecretVersionIdsCommandOutput
    try {
      out = await ctx.client.send(
        new ListSecretVersionIdsCommand({
          SecretId: awsName,
          IncludeDeprecated: true,
          MaxResults: 100,
          NextToken: token,
        }),
      )
    } catch (err) {
      if (isAwsError(err, 'ResourceNotFoundException', 'InvalidRequestException')) return []
      throw failure(ctx, 'ListSecretVersionIds', awsName, err)
    }
    all.push(...(out.Versions ?? []))
    token = out.NextToken || undefined
  } while (token)
  return all
}

type ListEntry = NonNullable<ListSecretsCommandOutput['SecretList']>[number]

/** A listing entry's summary; null when it has no current version (no value yet). */
async function summaryOf(name: string, entry: ListEntry): Promise<SecretSummary | null> {
  const stages = entry.SecretVersionsToStages ?? {}
  const current = currentVersionId(stages)
  if (current === undefined) return null
  const number = versionNumberOf(current)
  const meta = await metadataOf(entry.Tags, number, entry.Description)
  const createdAt = entry.CreatedDate ?? new Date(0)
  return {
    name,
    version: number ?? 0,
    description: meta?.description ?? null,
    createdAt,
    updatedAt: entry.LastChangedDate ?? createdAt,
    updatedBy: meta?.createdBy ?? null,
  }
}

function encodeCursor(name: string): string {
  return CURSOR_PREFIX + name
}

function decodeCursor(cursor: string): string {
  const name = typeof cursor === 'string' ? cursor.slice(CURSOR_PREFIX.length) : ''
  if (typeof cursor !== 'string' || !cursor.startsWith(CURSOR_PREFIX) || !isSecretName(name)) {
    throw new InvalidArgumentError('Invalid list cursor')
  }
  return name
}
