/**
 * Reads: `getMany` with `BatchGetSecretValue` (20 names per call, the calls
 * run concurrently) and `GetSecretValue` by VersionId for pinned versions;
 * `get` with `GetSecretValue` plus `DescribeSecret` for the version's metadata.
 *
 * The latest version is the one labelled AWSCURRENT, whoever moved the label.
 * `GetSecretValue` asks for that stage by name rather than relying on the
 * default: resource policies conditioned on `secretsmanager:VersionStage`
 * only allow the explicit form, and some emulators answer the default with
 * the last written version after AWSCURRENT was moved back by hand. For the
 * same reason a batch answer not labelled AWSCURRENT is read again by stage
 * (AWS itself always answers with the AWSCURRENT version, so this costs
 * nothing there).
 * @module
 */
import {
  BatchGetSecretValueCommand,
  type BatchGetSecretValueCommandOutput,
  GetSecretValueCommand,
} from '@aws-sdk/client-secrets-manager'
import {
  assertRecordKeys,
  assertVersionNumber,
  type RecordKey,
  type Scope,
  type SecretRecord,
  type VersionMetadata,
} from '@secrets/core'
import { backendError, isAwsError } from './_aws-errors.js'
import { AWSCURRENT, type BackendContext, describeSecret, failure } from './_context.js'
import { expiresFromLabels, metadataOf } from './_metadata.js'
import { payloadOf } from './_payload.js'
import { versionIdOf, versionNumberOf } from './_version-id.js'

/** `BatchGetSecretValue` takes at most 20 secret ids. */
const BATCH_LIMIT = 20

/** The fields of a secret value that both read APIs return. */
interface ValueEntry {
  Name?: string | undefined
  VersionId?: string | undefined
  SecretString?: string | undefined
  SecretBinary?: Uint8Array | undefined
  VersionStages?: string[] | undefined
  CreatedDate?: Date | undefined
}

/**
 * Reads many records: latest versions in batches of 20, pinned versions one call each, all concurrently.
 * @throws {InvalidArgumentError} for a malformed key, before any I/O
 * @throws {BackendError} for any per-secret error but "not found" / "deleted"
 */
export async function getMany(
  ctx: BackendContext,
  scope: Scope,
  keys: readonly RecordKey[],
): Promise<Array<SecretRecord | null>> {
  assertRecordKeys(keys)
  const planned = keys.map((key) => {
    return { name: key.name, version: key.version, awsName: ctx.mapper.path(scope, key.name) }
  })
  if (planned.length === 0) return []
  const latestNames = [
    ...new Set(planned.filter((p) => p.version === undefined).map((p) => p.awsName)),
  ]
  const pinned = new Map<string, { awsName: string; version: number }>()
  for (const p of planned) {
    if (p.version !== undefined)
      pinned.set(pinKey(p.awsName, p.version), { ...p, version: p.version })
  }
  const chunks: string[][] = []
  for (let i = 0; i < latestNames.length; i += BATCH_LIMIT) {
    chunks.push(latestNames.slice(i, i + BATCH_LIMIT))
  }
  const [batches, pins] = await Promise.all([
    Promise.all(chunks.map((chunk) => readBatch(ctx, chunk))),
    Promise.all(
      [...pinned].map(
        async ([key, p]) => [key, await readValue(ctx, p.awsName, versionIdOf(p.version))] as const,
      ),
    ),
  ])
  const latest = new Map(batches.flatMap((batch) => [...batch]))
  const pinnedValues = new Map(pins)
  return planned.map((p) => {
    const entry =
      p.version === undefined
        ? latest.get(p.awsName)
        : pinnedValues.get(pinKey(p.awsName, p.version))
    return entry ? toRecord(ctx, p.name, entry, null) : null
  })
}

/**
 * Reads one record with its full metadata (`GetSecretValue` and `DescribeSecret`, concurrently).
 * @returns the record, or null when the secret or that version is absent
 */
export async function get(
  ctx: BackendContext,
  scope: Scope,
  name: string,
  version?: number,
): Promise<SecretRecord | null> {
  if (version !== undefined) assertVersionNumber(version)
  const awsName = ctx.mapper.path(scope, name)
  const [entry, described] = await Promise.all([
    readValue(ctx, awsName, version === undefined ? undefined : versionIdOf(version)),
    describeSecret(ctx, awsName),
  ])
  if (!entry || described.state !== 'active') return null
  const number = versionNumberOf(entry.VersionId)
  const meta = await metadataOf(described.tags, number, described.description)
  return toRecord(ctx, name, entry, meta)
}

/**
 * A record from an AWS value and (when known) its metadata. A version this
 * backend did not write (its VersionId is not a `secrets-v…` id) reads as version 0.
 */
function toRecord(
  ctx: BackendContext,
  name: string,
  entry: ValueEntry,
  meta: VersionMetadata | null,
): SecretRecord | null {
  const payload = payloadOf(entry, ctx.envelope)
  if (!payload) return null
  return {
    name,
    version: versionNumberOf(entry.VersionId) ?? 0,
    payload,
    description: meta?.description ?? null,
    createdBy: meta?.createdBy ?? null,
    previousExpiresAt: meta?.previousExpiresAt ?? expiresFromLabels(entry.VersionStages),
    createdAt: entry.CreatedDate ?? new Date(0),
  }
}

/** One `BatchGetSecretValue` call (following NextToken if AWS pages it). */
async function readBatch(
  ctx: BackendContext,
  awsNames: string[],
): Promise<Map<string, ValueEntry | null>> {
  const found = new Map<string, ValueEntry | null>(awsNames.map((n) => [n, null]))
  const unsure: string[] = []
  const notCurrent: string[] = []
  let token: string | undefined
  do {
    let out: BatchGetSecretValueCommandOutput
    try {
      out = await ctx.client.send(
        new BatchGetSecretValueCommand({ SecretIdList: awsNames, NextToken: token }),
      )
    } catch (err) {
      // Some emulators fail the whole batch when one secret has no current value.
      if (isAwsError(err, 'ResourceNotFoundException')) return readEach(ctx, awsNames)
      throw backendError(
        `${ctx.label}: BatchGetSecretValue failed for ${awsNames.length} secrets (first "${awsNames[0]}")`,
        err,
      )
    }
    for (const value of out.SecretValues ?? []) {
      if (value.Name === undefined || !found.has(value.Name)) continue
      // Only an answer whose labels say it is not current is read again.
      if (value.VersionStages?.includes(AWSCURRENT) === false) notCurrent.push(value.Name)
      else found.set(value.Name, value)
    }
    for (const error of out.Errors ?? []) {
      const id = error.SecretId ?? '?'
      if (error.ErrorCode === 'ResourceNotFoundException') continue
      if (error.ErrorCode === 'InvalidRequestException') {
        unsure.push(id) // most likely scheduled for deletion; checked below
        continue
      }
      throw backendError(
        `${ctx.label}: BatchGetSecretValue could not read secret "${id}" (${error.ErrorCode ?? 'unknown error'})`,
        error,
      )
    }
    token = out.NextToken || undefined
  } while (token)
  const [reread] = await Promise.all([
    readEach(ctx, notCurrent),
    Promise.all(unsure.map((id) => confirmDeleted(ctx, id))),
  ])
  for (const [awsName, entry] of reread) found.set(awsName, entry)
  return found
}

/** Reads each name's AWSCURRENT version with `GetSecretValue` (when a batch answer cannot be used). */
async function readEach(
  ctx: BackendContext,
  awsNames: string[],
): Promise<Map<string, ValueEntry | null>> {
  const entries = await Promise.all(awsNames.map((n) => readValue(ctx, n, undefined)))
  return new Map(awsNames.map((n, i) => [n, entries[i] ?? null]))
}

/**
 * `GetSecretValue` of the AWSCURRENT version, or of a VersionId.
 * @returns the value, or null when the secret or version is absent or the secret is scheduled for deletion
 */
async function readValue(
  ctx: BackendContext,
  awsName: string,
  versionId: string | undefined,
): Promise<ValueEntry | null> {
  try {
    return await ctx.client.send(
      new GetSecretValueCommand({
        SecretId: awsName,
        ...(versionId === undefined ? { VersionStage: AWSCURRENT } : { VersionId: versionId }),
      }),
    )
  } catch (err) {
    if (isAwsError(err, 'ResourceNotFoundException')) return null
    if (isAwsError(err, 'InvalidRequestException')) {
      await confirmDeleted(ctx, awsName, err)
      return null
    }
    throw failure(ctx, 'GetSecretValue', awsName, err)
  }
}

/**
 * AWS answers InvalidRequestException for a secret scheduled for deletion;
 * that reads as absent. Any other cause of it is an error.
 * @throws {BackendError} when the secret is not scheduled for deletion
 */
async function confirmDeleted(ctx: BackendContext, awsName: string, cause?: unknown) {
  const described = await describeSecret(ctx, awsName)
  if (described.state !== 'active') return
  throw backendError(
    `${ctx.label}: AWS refused to read secret "${awsName}" (InvalidRequestException) although it is not scheduled for deletion`,
    cause ?? { ErrorCode: 'InvalidRequestException' },
  )
}

function pinKey(awsName: string, version: number): string {
  return `${version}\u0000${awsName}`
}
