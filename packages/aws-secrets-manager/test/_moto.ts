/**
 * The AWS emulator the integration suites run against: a moto server started
 * by scripts/services.sh (`eval "$(scripts/services.sh up aws)"` exports
 * SECRETS_TEST_AWS_ENDPOINT). Without it the suites are skipped with a
 * message; in CI a missing endpoint fails the run instead.
 */
import {
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'

/** The moto endpoint, when configured. */
export const endpoint = process.env.SECRETS_TEST_AWS_ENDPOINT

let told = false

/**
 * Whether the moto suites must be skipped: true (with one message) when the
 * endpoint is not set.
 * @throws in CI when the endpoint is not set: the suites must run there
 */
export function skipWithoutMoto(): boolean {
  if (endpoint) return false
  if (process.env.CI) {
    throw new Error(
      'SECRETS_TEST_AWS_ENDPOINT must be set in CI: the AWS Secrets Manager suites cannot be skipped there',
    )
  }
  if (!told) {
    told = true
    console.log(
      '[@secrets/aws-secrets-manager] moto suites skipped: SECRETS_TEST_AWS_ENDPOINT is not set (eval "$(scripts/services.sh up aws)" starts moto)',
    )
  }
  return true
}

/** A client for the emulator: us-east-1 and dummy credentials. */
export function motoClient(): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: endpoint ?? 'http://127.0.0.1:9',
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // The batch tests write hundreds of secrets at once.
    requestHandler: {
      httpAgent: { keepAlive: true, maxSockets: 100 },
      socketAcquisitionWarningTimeout: 60_000,
    },
  })
}

/** A prefix no other run uses, so that suites sharing one moto never meet. */
export function uniquePrefix(label: string): string {
  return `test-${label}-${globalThis.crypto.randomUUID().slice(0, 8)}`
}

/**
 * Counts the commands a client sends, by command name, and the most in flight
 * at once, with SDK middleware (the real SDK and wire protocol stay in the path).
 */
export function countCommands(client: SecretsManagerClient): {
  counts: Map<string, number>
  /** The most commands that were in flight at the same time since the last reset. */
  maxInFlight(): number
  reset(): void
} {
  const counts = new Map<string, number>()
  let inFlight = 0
  let peak = 0
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown'
      counts.set(name, (counts.get(name) ?? 0) + 1)
      peak = Math.max(peak, ++inFlight)
      try {
        return await next(args)
      } finally {
        inFlight--
      }
    },
    { step: 'initialize', name: 'secretsTestCountCommands' },
  )
  return {
    counts,
    maxInFlight: () => peak,
    reset: () => {
      counts.clear()
      peak = inFlight
    },
  }
}

/** Every AWS secret name under a prefix, scheduled deletions included. */
export async function secretNames(client: SecretsManagerClient, prefix: string): Promise<string[]> {
  const names: string[] = []
  let token: string | undefined
  do {
    const out = await client.send(
      new ListSecretsCommand({
        Filters: [{ Key: 'name', Values: [prefix] }],
        IncludePlannedDeletion: true,
        MaxResults: 100,
        NextToken: token,
      }),
    )
    names.push(...(out.SecretList ?? []).map((s) => s.Name!).filter((n) => n.startsWith(prefix)))
    token = out.NextToken || undefined
  } while (token)
  return names
}

/**
 * Everything stored under a prefix, read around the backend: every version's
 * value (`stored` only) and every name, description, tag and label (both).
 */
export async function rawStorage(
  client: SecretsManagerClient,
  prefix: string,
): Promise<{ stored: Array<string | Uint8Array>; metadata: string[] }> {
  const stored: Array<string | Uint8Array> = []
  const metadata: string[] = []
  const names = await secretNames(client, prefix)
  for (let i = 0; i < names.length; i += 25) {
    await Promise.all(names.slice(i, i + 25).map((name) => readSecret(name)))
  }
  return { stored: [...stored, ...metadata], metadata }

  async function readSecret(name: string): Promise<void> {
    const d = await client.send(new DescribeSecretCommand({ SecretId: name }))
    metadata.push(name, d.Description ?? '')
    for (const tag of d.Tags ?? []) metadata.push(tag.Key ?? '', tag.Value ?? '')
    if (d.DeletedDate) return
    const versions = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }),
    )
    for (const v of versions.Versions ?? []) {
      metadata.push(v.VersionId ?? '', ...(v.VersionStages ?? []))
      const value = await client.send(
        new GetSecretValueCommand({ SecretId: name, VersionId: v.VersionId }),
      )
      if (value.SecretString !== undefined) stored.push(value.SecretString)
      if (value.SecretBinary !== undefined) stored.push(value.SecretBinary)
    }
  }
}

/** Force-deletes every secret under a prefix. */
export async function deleteAll(client: SecretsManagerClient, prefix: string): Promise<void> {
  const names = await secretNames(client, prefix)
  for (let i = 0; i < names.length; i += 25) {
    await Promise.all(
      names
        .slice(i, i + 25)
        .map((name) =>
          client.send(
            new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }),
          ),
        ),
    )
  }
}
