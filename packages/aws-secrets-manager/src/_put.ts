/**
 * Writes. Version `n` is created with `ClientRequestToken = versionIdOf(n)`:
 * AWS refuses a token that is already in use with different data, so a write
 * of version `n` succeeds for exactly one writer. With the current version
 * checked just before (`DescribeSecret`), that makes `ifVersion` a real
 * compare-and-set, and a plain append retries with the next number when it
 * loses. The first version is created with `CreateSecret`, which fails when
 * the name exists. Metadata tags follow the value (see _metadata.ts). Writes
 * to one secret through one client are queued in this process
 * (_write-queue.ts), so only writers in other processes can make a write lose.
 * @module
 */
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  type PutSecretValueCommandOutput,
  type Tag,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager'
import {
  assertPutInput,
  ConflictError,
  InvalidArgumentError,
  type PutInput,
  type Scope,
  type VersionInfo,
  versionInfoOf,
  versionMetadataOf,
} from '@secrets/core'
import { backendError, isAwsError } from './_aws-errors.js'
import {
  AWSCURRENT,
  type BackendContext,
  type DescribedSecret,
  describeSecret,
  failure,
} from './_context.js'
import { forceDelete } from './_delete.js'
import { listVersionIds } from './_listing.js'
import {
  expiresLabel,
  isExpiresLabel,
  isMetadataTag,
  MAX_TAGS_PER_SECRET,
  metadataTags,
  metadataTagsByVersion,
  readMetadata,
} from './_metadata.js'
import { type SecretValueInput, secretValueInput } from './_payload.js'
import { versionIdOf, versionNumberOf } from './_version-id.js'
import { queueWrite } from './_write-queue.js'

/** How often an append retries after losing a race for a version number. */
const MAX_ATTEMPTS = 60
/** How often `CreateSecret` is retried while AWS finishes purging a deleted secret. */
const MAX_PURGE_WAITS = 12
/** After pruning, metadata tags leave this much room below AWS's 50. */
const TAG_HEADROOM = 10

type Attempt = { kind: 'written'; info: VersionInfo } | { kind: 'contended' }
type ActiveSecret = Extract<DescribedSecret, { state: 'active' }>

/**
 * Writes a new version (see the module comment).
 * @throws {ConflictError} when `ifVersion` does not hold, or an append kept losing races
 * @throws {InvalidArgumentError} / {InvalidValueError} for bad input, before any I/O
 * @throws {BackendError} for AWS failures
 */
export async function put(
  ctx: BackendContext,
  scope: Scope,
  name: string,
  input: PutInput,
): Promise<VersionInfo> {
  const awsName = ctx.mapper.path(scope, name)
  assertPutInput(input, { maxDescriptionLength: 2048 })
  // The value's size and (native mode) UTF-8 form do not depend on the version
  // number: check them before any request (one extra seal with envelopes).
  secretValueInput(input.payload(1), ctx.envelope)
  return queueWrite(ctx.client, awsName, () => writeVersion(ctx, name, awsName, input))
}

/** The body of `put`, once the writes queued before it in this process have settled. */
async function writeVersion(
  ctx: BackendContext,
  name: string,
  awsName: string,
  input: PutInput,
): Promise<VersionInfo> {
  // With client-side envelopes the payload binds the version it is written as.
  const value = (version: number) => secretValueInput(input.payload(version), ctx.envelope)
  let lost: string | undefined // the current VersionId seen by an attempt that lost
  for (let attempt = 1; ; attempt++) {
    const described = await describeSecret(ctx, awsName)
    // Losing without AWSCURRENT moving means the number aimed at belongs to an
    // older, non-current version (a rollback by hand): look at every version.
    const deep = described.state === 'active' && lost !== undefined && described.current === lost
    const outcome =
      described.state === 'active'
        ? await appendVersion(ctx, name, awsName, described, input, value, deep)
        : await createSecret(ctx, name, awsName, described, input, value)
    if (outcome.kind === 'written') return outcome.info
    if (input.ifVersion !== undefined) {
      throw new ConflictError(`Secret "${name}" was changed by a concurrent write`)
    }
    if (attempt >= MAX_ATTEMPTS) {
      throw new ConflictError(
        `Secret "${name}": gave up after ${attempt} attempts lost to concurrent writes`,
      )
    }
    lost = described.state === 'active' ? (described.current ?? '') : undefined
    await sleep(Math.min(1000, 10 * 2 ** Math.min(attempt, 7)) * (0.5 + Math.random()))
  }
}

/** Creates the secret with version 1 (after purging a copy scheduled for deletion). */
async function createSecret(
  ctx: BackendContext,
  name: string,
  awsName: string,
  described: Exclude<DescribedSecret, ActiveSecret>,
  input: PutInput,
  value: (version: number) => SecretValueInput,
): Promise<Attempt> {
  if (input.ifVersion !== undefined && input.ifVersion > 0) {
    throw new ConflictError(`Secret "${name}" does not exist, not at version ${input.ifVersion}`)
  }
  if (described.state === 'deleted') await forceDelete(ctx, described.arn)
  const meta = versionMetadataOf(input, input.description ?? null)
  const { tags } = await metadataTags(1, meta)
  for (let wait = 0; ; wait++) {
    try {
      await ctx.client.send(
        new CreateSecretCommand({
          Name: awsName,
          ClientRequestToken: versionIdOf(1),
          ...value(1),
          ...(meta.description === null ? {} : { Description: meta.description }),
          Tags: tags,
        }),
      )
      break
    } catch (err) {
      if (isAwsError(err, 'ResourceExistsException')) return { kind: 'contended' }
      // AWS purges asynchronously: the name stays taken for a moment after a forced delete.
      const purging = described.state === 'deleted' && isAwsError(err, 'InvalidRequestException')
      if (!purging || wait >= MAX_PURGE_WAITS) throw failure(ctx, 'CreateSecret', awsName, err)
      await sleep(250 * 2 ** Math.min(wait, 3))
    }
  }
  if (meta.previousExpiresAt !== null) {
    await saveStep(ctx, awsName, 'UpdateSecretVersionStage', () =>
      ctx.client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: awsName,
          VersionStage: expiresLabel(meta.previousExpiresAt!),
          MoveToVersionId: versionIdOf(1),
        }),
      ),
    )
  }
  return { kind: 'written', info: versionInfoOf(name, 1, meta) }
}

/** Appends version latest+1 to an existing secret. */
async function appendVersion(
  ctx: BackendContext,
  name: string,
  awsName: string,
  described: ActiveSecret,
  input: PutInput,
  value: (version: number) => SecretValueInput,
  deep: boolean,
): Promise<Attempt> {
  const currentNumber = versionNumberOf(described.current)
  const currentMeta =
    currentNumber === null
      ? null
      : await readMetadata(described.tags, currentNumber, described.description)
  if (currentNumber !== null && currentMeta?.requestId === input.requestId) {
    // This very write landed before (a retry after a lost response).
    return { kind: 'written', info: versionInfoOf(name, currentNumber, currentMeta) }
  }
  const reported = currentNumber ?? 0 // what reads report for the current version
  if (input.ifVersion === 0 && described.current !== undefined) {
    throw new ConflictError(`Secret "${name}" already exists`)
  }
  if (input.ifVersion !== undefined && input.ifVersion > 0 && input.ifVersion !== reported) {
    throw new ConflictError(`Secret "${name}" is at version ${reported}, not ${input.ifVersion}`)
  }
  const latest = Math.max(
    reported,
    ...Object.keys(described.stages).map((id) => versionNumberOf(id) ?? 0),
    ...metadataTagsByVersion(described.tags).keys(),
    ...(deep
      ? (await listVersionIds(ctx, awsName)).map((v) => versionNumberOf(v.VersionId) ?? 0)
      : []),
  )
  const next = latest + 1
  const description =
    input.description !== undefined
      ? input.description
      : currentNumber === null
        ? described.description || null
        : (currentMeta?.description ?? null)
  const meta = versionMetadataOf(input, description)
  const { tags } = await metadataTags(next, meta)
  const foreignTags = described.tags.filter((t) => !isMetadataTag(t.Key)).length
  if (foreignTags + tags.length > MAX_TAGS_PER_SECRET) {
    throw new InvalidArgumentError(
      `Secret "${name}" has ${foreignTags} other tags; its version metadata needs ${tags.length} more and AWS allows ${MAX_TAGS_PER_SECRET}`,
    )
  }
  let out: PutSecretValueCommandOutput
  try {
    out = await ctx.client.send(
      new PutSecretValueCommand({
        SecretId: awsName,
        ClientRequestToken: versionIdOf(next),
        ...value(next),
        VersionStages: [
          AWSCURRENT,
          ...(meta.previousExpiresAt === null ? [] : [expiresLabel(meta.previousExpiresAt)]),
        ],
      }),
    )
  } catch (err) {
    if (isAwsError(err, 'ResourceExistsException')) return { kind: 'contended' }
    throw failure(ctx, 'PutSecretValue', awsName, err)
  }
  // An identical earlier write of this number is a silent no-op: only count it when current.
  if (!out.VersionStages?.includes(AWSCURRENT)) return { kind: 'contended' }
  await saveMetadata(ctx, awsName, described, next, tags, meta.description)
  return { kind: 'written', info: versionInfoOf(name, next, meta) }
}

/**
 * After a version landed: prunes old metadata tags when near AWS's 50-tag
 * limit, tags the new version, keeps the Description field on the latest
 * description, and drops expiry labels from older versions.
 */
async function saveMetadata(
  ctx: BackendContext,
  awsName: string,
  described: ActiveSecret,
  version: number,
  tags: Tag[],
  description: string | null,
): Promise<void> {
  const fresh = new Set(tags.map((t) => t.Key))
  const byVersion = metadataTagsByVersion(described.tags)
  const stale = (byVersion.get(version) ?? []).filter((k) => !fresh.has(k))
  byVersion.delete(version)
  const foreign = described.tags.filter((t) => !isMetadataTag(t.Key)).length
  let total = foreign + tags.length + [...byVersion.values()].reduce((n, k) => n + k.length, 0)
  if (total > MAX_TAGS_PER_SECRET) {
    for (const n of [...byVersion.keys()].sort((a, b) => a - b)) {
      if (total <= MAX_TAGS_PER_SECRET - TAG_HEADROOM) break
      stale.push(...byVersion.get(n)!)
      total -= byVersion.get(n)!.length
    }
  }
  if (stale.length > 0) {
    await saveStep(ctx, awsName, 'UntagResource', () =>
      ctx.client.send(new UntagResourceCommand({ SecretId: awsName, TagKeys: stale })),
    )
  }
  const versionId = versionIdOf(version)
  const expired = Object.entries(described.stages).flatMap(([id, labels]) =>
    id === versionId ? [] : labels.filter(isExpiresLabel).map((label) => [id, label] as const),
  )
  await Promise.all([
    saveStep(ctx, awsName, 'TagResource', () =>
      ctx.client.send(new TagResourceCommand({ SecretId: awsName, Tags: tags })),
    ),
    (described.description ?? '') === (description ?? '')
      ? undefined
      : saveStep(ctx, awsName, 'UpdateSecret', () =>
          ctx.client.send(
            new UpdateSecretCommand({ SecretId: awsName, Description: description ?? '' }),
          ),
        ),
    ...expired.map(([id, label]) =>
      saveStep(
        ctx,
        awsName,
        'UpdateSecretVersionStage',
        () =>
          ctx.client.send(
            new UpdateSecretVersionStageCommand({
              SecretId: awsName,
              VersionStage: label,
              RemoveFromVersionId: id,
            }),
          ),
        'InvalidParameterException', // already removed by a concurrent writer
      ),
    ),
  ])
}

/**
 * Sends one metadata call, wrapping failures as "written, but metadata not saved".
 * @param tolerated an AWS error name that means there is nothing left to do
 */
async function saveStep(
  ctx: BackendContext,
  awsName: string,
  operation: string,
  call: () => Promise<unknown>,
  tolerated?: string,
): Promise<void> {
  try {
    await call()
  } catch (err) {
    if (tolerated !== undefined && isAwsError(err, tolerated)) return
    throw backendError(
      `${ctx.label}: the value of secret "${awsName}" was written, but ${operation} for its metadata failed`,
      err,
    )
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
