import { inspect } from 'node:util'
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import {
  BackendError,
  InvalidArgumentError,
  InvalidNameError,
  InvalidScopeError,
  InvalidValueError,
  toScope,
} from '@secrets/core'
import { describe, expect, it } from 'vitest'
import { awsSecretsManagerBackend, awsSecretsManagerBackendFromEnv } from '../src/index.js'
import { awsError, fakeAwsClient } from './_fake-aws.js'

const SECRET = 'sk_live_never-in-an-error-4f1c2d'
const scope = toScope({ tenant: 'acme' })

function renderings(err: unknown): string {
  const e = err as Error
  return [e.message, e.stack, inspect(e, { depth: 8, showHidden: true }), JSON.stringify(e)].join(
    '\n',
  )
}

/** Whether `secret` can be reached from `root` through any own property, hidden ones included. */
function reachable(root: unknown, secret: string, seen = new Set<unknown>()): boolean {
  if (typeof root === 'string') return root.includes(secret)
  if (root instanceof Uint8Array) return Buffer.from(root).toString('latin1').includes(secret)
  if (typeof root !== 'object' || root === null || seen.has(root)) return false
  seen.add(root)
  return Reflect.ownKeys(root).some((key) => {
    const desc = Object.getOwnPropertyDescriptor(root, key)
    return desc !== undefined && 'value' in desc && reachable(desc.value, secret, seen)
  })
}

describe('AWS failures', () => {
  it('maps a body that fails to parse to BackendError without quoting the body', async () => {
    // A truncated GetSecretValue answer: the SDK's parser would quote it, secret included.
    const { client } = fakeAwsClient((op) =>
      op === 'GetSecretValue'
        ? { status: 200, body: `{"Name":"tenant=acme/K","SecretString":"${SECRET}` }
        : { status: 200, body: '{"Name":"tenant=acme/K","VersionIdsToStages":{}}' },
    )
    // The SDK's own error keeps the raw body (a hidden $response): that must not escape.
    const raw = await client
      .send(new GetSecretValueCommand({ SecretId: 'tenant=acme/K' }))
      .catch((e: unknown) => e)
    expect(reachable(raw, SECRET)).toBe(true)
    const backend = awsSecretsManagerBackend({ client })
    const err = await backend.get(scope, 'K').catch((e: unknown) => e)
    expect(BackendError.isInstance(err)).toBe(true)
    expect((err as Error).message).toMatch(/GetSecretValue failed for secret "tenant=acme\/K"/)
    expect((err as Error).cause).toBeInstanceOf(Error)
    expect(renderings(err)).not.toContain(SECRET)
    expect(reachable(err, SECRET)).toBe(false)
  })

  it('keeps the service name, message and request metadata of a service error', async () => {
    const { client } = fakeAwsClient(() =>
      awsError('ThrottlingException', 'Rate exceeded for secret tenant=acme/K'),
    )
    const backend = awsSecretsManagerBackend({ client })
    const err = (await backend.getMany(scope, [{ name: 'K' }]).catch((e: unknown) => e)) as Error
    expect(BackendError.isInstance(err)).toBe(true)
    expect(err.message).toContain('BatchGetSecretValue failed for 1 secrets')
    const cause = err.cause as Error & { $fault?: string; $metadata?: { httpStatusCode?: number } }
    expect(cause.name).toBe('ThrottlingException')
    expect(cause.message).toBe('Rate exceeded for secret tenant=acme/K')
    expect(cause.$metadata?.httpStatusCode).toBe(400)
    expect(cause).not.toHaveProperty('$response')
  })

  it('reports a per-secret batch error by name and code, and not-found as null', async () => {
    const errors: Record<string, [string, string]> = {
      'tenant=acme/GONE': ['ResourceNotFoundException', "Secrets Manager can't find it"],
      'tenant=acme/KMS': ['DecryptionFailure', 'KMS said no'],
    }
    const { client } = fakeAwsClient((_op, input) => {
      const ids = (input as { SecretIdList: string[] }).SecretIdList
      return {
        status: 200,
        body: JSON.stringify({
          SecretValues: [],
          Errors: ids.map((id) => ({
            SecretId: id,
            ErrorCode: errors[id]![0],
            Message: errors[id]![1],
          })),
        }),
      }
    })
    const backend = awsSecretsManagerBackend({ client })
    expect(await backend.getMany(scope, [{ name: 'GONE' }])).toEqual([null])
    const err = (await backend
      .getMany(scope, [{ name: 'GONE' }, { name: 'KMS' }])
      .catch((e: unknown) => e)) as Error
    expect(BackendError.isInstance(err)).toBe(true)
    expect(err.message).toContain('"tenant=acme/KMS" (DecryptionFailure)')
    expect((err.cause as Error).name).toBe('DecryptionFailure')
  })

  it('checks input before any request', async () => {
    const { client, operations } = fakeAwsClient(() => awsError('InternalServiceError', 'no'))
    const backend = awsSecretsManagerBackend({ client })
    const input = {
      payload: () => new TextEncoder().encode('v'),
      createdBy: null,
      previousExpiresAt: null,
      requestId: 'r',
    }
    await expect(backend.put(scope, 'a=b', input)).rejects.toThrow(InvalidNameError)
    await expect(
      backend.put(scope, 'K', { ...input, payload: () => new Uint8Array(65_537) }),
    ).rejects.toThrow(InvalidValueError)
    await expect(
      backend.put(scope, 'K', { ...input, payload: () => new Uint8Array([0xff, 0xfe]) }),
    ).rejects.toThrow(InvalidValueError)
    await expect(backend.put(scope, 'K', { ...input, ifVersion: -1 })).rejects.toThrow(
      InvalidArgumentError,
    )
    await expect(backend.get(scope, 'K', 0)).rejects.toThrow(InvalidArgumentError)
    await expect(backend.getMany(scope, [{ name: 'K', version: 1.5 }])).rejects.toThrow(
      InvalidArgumentError,
    )
    await expect(backend.list(scope, { limit: 0 })).rejects.toThrow(InvalidArgumentError)
    await expect(backend.list(scope, { limit: 10, cursor: 'nope' })).rejects.toThrow(
      InvalidArgumentError,
    )
    const fixed = awsSecretsManagerBackend({ client, nameTemplate: '{tenant}/{name}' })
    await expect(fixed.get(toScope({ user: 'x' }), 'K')).rejects.toThrow(InvalidScopeError)
    expect(operations).toEqual([])
  })

  it('rejects bad options with a message that says how to fix them', () => {
    const { client } = fakeAwsClient(() => awsError('InternalServiceError', 'no'))
    expect(() => awsSecretsManagerBackend({} as never)).toThrow(/new SecretsManagerClient/)
    expect(() =>
      awsSecretsManagerBackend({ client, deletion: { recoveryWindowInDays: 3 } }),
    ).toThrow(/7 to 30/)
    expect(() => awsSecretsManagerBackend({ client, nameTemplate: '{scope}' })).toThrow(
      InvalidArgumentError,
    )
    expect(() => awsSecretsManagerBackend({ client, prefix: 'a/' })).toThrow(InvalidArgumentError)
  })
})

describe('awsSecretsManagerBackendFromEnv', () => {
  it('needs AWS_REGION and reads the prefix and mode', async () => {
    await expect(awsSecretsManagerBackendFromEnv({})).rejects.toThrow(/AWS_REGION is not set/)
    await expect(
      awsSecretsManagerBackendFromEnv({
        AWS_REGION: 'eu-west-1',
        SECRETS_AWS_CLIENT_SIDE_ENCRYPTION: 'on',
      }),
    ).rejects.toThrow(/must be 1 or 0/)
    const opened = await awsSecretsManagerBackendFromEnv({
      AWS_DEFAULT_REGION: 'eu-west-1',
      SECRETS_AWS_PREFIX: '/myapp/',
      SECRETS_AWS_CLIENT_SIDE_ENCRYPTION: '1',
    })
    expect(opened.backend.capabilities.envelope).toBe(true)
    await opened.close()
  })
})
