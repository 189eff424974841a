/**
 * Benchmark of @secrets/aws-secrets-manager (`pnpm --filter @secrets/aws-secrets-manager bench`)
 * against the moto emulator: `resolveConfig` of a config with 100 secret
 * references beside 100 sequential `GetSecretValue` calls, in the same run.
 * API calls are counted with SDK middleware. Emulator latency is not AWS
 * latency: only the call counts and the ratio within one run mean anything.
 * Without SECRETS_TEST_AWS_ENDPOINT it prints why it skipped and exits 0.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { printTable, timeRounds } from '@secrets/bench-kit'
import { createSecrets, memoryAuditSink, resolveConfig } from '@secrets/core'
import { awsSecretsManagerBackend } from '../src/index.js'
import { countCommands, deleteAll, endpoint, motoClient, uniquePrefix } from '../test/_moto.js'

const REFERENCES = 100
const ROUNDS = 7

async function main(): Promise<void> {
  // The SDK's documented switch for its Node 20 end-of-support notice, which would
  // otherwise open the report (aws/aws-sdk-js-v3#7983). Set before the client exists.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const client = motoClient()
  const { counts, reset } = countCommands(client)
  const prefix = uniquePrefix('bench')
  const backend = awsSecretsManagerBackend({ client, prefix })
  const scope = createSecrets({ backend, audit: memoryAuditSink() }).scope({ tenant: 'bench' })
  const names = Array.from({ length: REFERENCES }, (_, i) => `SERVICE_${i}_TOKEN`)
  const config = {
    services: names.map((name, i) => ({ id: `svc-${i}`, token: `\${SECRET:${name}}`, retries: 3 })),
  }
  try {
    for (let i = 0; i < names.length; i += 20) {
      await Promise.all(names.slice(i, i + 20).map((n, j) => scope.set(n, `token-${i + j}`)))
    }
    const candidates: Array<{ name: string; run: () => Promise<unknown> }> = [
      {
        name: `resolveConfig, ${REFERENCES} references`,
        run: () => resolveConfig(config, { secrets: scope, accessor: 'bench', reason: 'bench' }),
      },
      {
        name: `${REFERENCES} sequential GetSecretValue (baseline)`,
        run: async () => {
          for (const n of names) {
            await client.send(
              new GetSecretValueCommand({ SecretId: `${prefix}/tenant=bench/${n}` }),
            )
          }
        },
      },
    ]
    const resolved = (await candidates[0]!.run()) as typeof config
    if (resolved.services.some((svc, i) => svc.token !== `token-${i}`)) {
      throw new Error('resolveConfig returned wrong values: the figures would mean nothing')
    }
    const calls = new Map<string, Record<string, number>>()
    const medians = await timeRounds(candidates, ROUNDS, {
      before: reset,
      after: (name) => calls.set(name, Object.fromEntries(counts)),
    })
    const baseline = medians.get(candidates[1]!.name)!
    const totalCalls = (name: string) => Object.values(calls.get(name)!).reduce((a, b) => a + b, 0)
    const rows = candidates.map((c) => {
      const ms = medians.get(c.name)!
      const byCommand = calls.get(c.name)!
      const total = totalCalls(c.name)
      return {
        approach: c.name,
        'API calls': `${total} (${Object.entries(byCommand)
          .map(([k, n]) => `${n} ${k.replace(/Command$/, '')}`)
          .join(', ')})`,
        'median ms': ms.toFixed(1),
        'time vs baseline': (ms / baseline).toFixed(3),
      }
    })
    printTable(`moto ${endpoint}: median of ${ROUNDS} alternating rounds`, rows)
    const [resolve, sequential] = candidates.map((c) => c.name) as [string, string]
    console.log(
      `\nresolveConfig: ${totalCalls(resolve)} API calls instead of ${totalCalls(sequential)} ` +
        `(${(totalCalls(sequential) / totalCalls(resolve)).toFixed(0)}x fewer), ` +
        `${(baseline / medians.get(resolve)!).toFixed(1)}x faster than the baseline in this run`,
    )
  } finally {
    await deleteAll(client, prefix)
  }
}

if (endpoint) {
  await main()
} else {
  console.log(
    'aws-secrets-manager bench skipped: SECRETS_TEST_AWS_ENDPOINT is not set (eval "$(scripts/services.sh up aws)")',
  )
}
