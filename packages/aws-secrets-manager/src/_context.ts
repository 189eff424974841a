/**
 * What every operation of the backend shares: the client, the naming rules,
 * the mode and the deletion policy; the AWSCURRENT label that marks the latest
 * version; and `DescribeSecret`, which most of them use.
 * @module
 */
import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  type SecretsManagerClient,
  type Tag,
} from '@aws-sdk/client-secrets-manager'
import type { BackendError } from '@secrets/core'
import { backendError, isAwsError } from './_aws-errors.js'
import type { NameMapper } from './_name-mapper.js'

/** The staging label of a secret's latest version. */
export const AWSCURRENT = 'AWSCURRENT'

/** The part of `SecretsManagerClient` this backend uses. */
export type SecretsManagerClientLike = Pick<SecretsManagerClient, 'send'>

/** Shared, frozen state of one backend. */
export interface BackendContext {
  readonly client: SecretsManagerClientLike
  readonly mapper: NameMapper
  /** Client-side encryption: payloads are envelopes kept as SecretBinary. */
  readonly envelope: boolean
  readonly deletion: Readonly<{ force: boolean; recoveryWindowInDays: number }>
  /** The backend's name, for messages. */
  readonly label: string
}

/** A secret as `DescribeSecret` sees it. */
export type DescribedSecret =
  | { state: 'absent' }
  | { state: 'deleted'; arn: string }
  | {
      state: 'active'
      arn: string
      /** The VersionId labelled AWSCURRENT, if any version exists. */
      current: string | undefined
      /** VersionId -> staging labels. */
      stages: Record<string, string[]>
      tags: Tag[]
      description: string | undefined
      createdDate: Date | undefined
    }

/**
 * Describes a secret: absent, scheduled for deletion, or active with its
 * versions' labels, tags and description.
 * @throws {BackendError} for any failure but "not found"
 */
export async function describeSecret(
  ctx: BackendContext,
  awsName: string,
): Promise<DescribedSecret> {
  let out: DescribeSecretCommandOutput
  try {
    out = await ctx.client.send(new DescribeSecretCommand({ SecretId: awsName }))
  } catch (err) {
    if (isAwsError(err, 'ResourceNotFoundException')) return { state: 'absent' }
    throw failure(ctx, 'DescribeSecret', awsName, err)
  }
  const arn = out.ARN ?? awsName
  if (out.DeletedDate !== undefined) return { state: 'deleted', arn }
  const stages = out.VersionIdsToStages ?? {}
  return {
    state: 'active',
    arn,
    current: currentVersionId(stages),
    stages,
    tags: out.Tags ?? [],
    description: out.Description,
    createdDate: out.CreatedDate,
  }
}

/**
 * The VersionId labelled AWSCURRENT in a VersionId -> labels map.
 * @returns the VersionId, or undefined when no version is current (no value yet)
 */
export function currentVersionId(
  stages: Readonly<Record<string, readonly string[] | undefined>>,
): string | undefined {
  return Object.keys(stages).find((id) => stages[id]?.includes(AWSCURRENT))
}

/**
 * The error for a failed AWS call.
 * @param operation the AWS operation, such as `PutSecretValue`
 */
export function failure(
  ctx: BackendContext,
  operation: string,
  awsName: string,
  error: unknown,
): BackendError {
  return backendError(`${ctx.label}: ${operation} failed for secret "${awsName}"`, error)
}
