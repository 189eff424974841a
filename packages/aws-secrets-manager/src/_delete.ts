/**
 * Deletes: with a recovery window by default (AWS keeps the secret, restorable,
 * for 7 to 30 days), or immediately with `deletion: { force: true }`.
 * @module
 */
import { DeleteSecretCommand } from '@aws-sdk/client-secrets-manager'
import type { Scope } from '@secrets/core'
import { isAwsError } from './_aws-errors.js'
import { type BackendContext, describeSecret, failure } from './_context.js'

/**
 * Deletes every version of a secret.
 * @returns whether it existed (a secret already scheduled for deletion did not)
 */
export async function deleteSecret(
  ctx: BackendContext,
  scope: Scope,
  name: string,
): Promise<boolean> {
  const awsName = ctx.mapper.path(scope, name)
  if (ctx.deletion.force) {
    // AWS answers a forced delete of an absent secret with success: ask first.
    const described = await describeSecret(ctx, awsName)
    if (described.state === 'absent') return false
    await forceDelete(ctx, described.arn)
    return described.state === 'active'
  }
  try {
    await ctx.client.send(
      new DeleteSecretCommand({
        SecretId: awsName,
        RecoveryWindowInDays: ctx.deletion.recoveryWindowInDays,
      }),
    )
    return true
  } catch (err) {
    if (isAwsError(err, 'ResourceNotFoundException')) return false
    if (isAwsError(err, 'InvalidRequestException')) {
      // Already scheduled for deletion: it does not exist as far as the store is concerned.
      if ((await describeSecret(ctx, awsName)).state !== 'active') return false
    }
    throw failure(ctx, 'DeleteSecret', awsName, err)
  }
}

/**
 * Force-deletes by ARN (the ARN ends in random characters), so that a newer
 * secret of the same name is never hit. An absent secret is fine.
 */
export async function forceDelete(ctx: BackendContext, arn: string): Promise<void> {
  try {
    await ctx.client.send(
      new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true }),
    )
  } catch (err) {
    if (!isAwsError(err, 'ResourceNotFoundException')) throw failure(ctx, 'DeleteSecret', arn, err)
  }
}
