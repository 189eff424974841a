/**
 * Benchmark of @secrets/vault (`pnpm --filter @secrets/vault bench`) against
 * the OpenBao dev server: `resolveConfig` of a config with 100 secret
 * references beside 100 sequential KV v2 reads, in the same run. Requests are
 * counted by wrapping the client's `request`. A local dev server's latency is
 * not a production Vault's: only the request counts and the ratio within one
 * run mean anything. Without SECRETS_TEST_VAULT_ADDR it prints why it skipped
 * and exits 0.
 */
import { printTable, timeRounds } from '@secrets/bench-kit'
import { createSecrets, memoryAuditSink, resolveConfig } from '@secrets/core'
import { type VaultClientLike, vaultBackend } from '../src/index.js'
import { address, deleteAll, testClient, uniquePrefix } from '../test/_openbao.js'

const REFERENCES = 100
const ROUNDS = 7

/** Wraps a client so that every request is counted by method. */
function counting(client: VaultClientLike) {
  const counts = new Map<string, number>()
  const counted: VaultClientLike = {
    request: (options) => {
      counts.set(options.method, (counts.get(options.method) ?? 0) + 1)
      return client.request(options)
    },
  }
  return { client: counted, counts, reset: () => counts.clear() }
}

async function main(): Promise<void> {
  const raw = testClient()
  const { client, counts, reset } = counting(raw)
  const prefix = uniquePrefix('bench')
  const backend = vaultBackend({ client, prefix })
  const scope = createSecrets({ backend, audit: memoryAuditSink() }).scope({ tenant: 'bench' })
  const names = Array.from({ length: REFERENCES }, (_, i) => `SERVICE_${i}_TOKEN`)
  const config = {
    services: names.map((name, i) => ({ id: `svc-${i}`, token: `\${SECRET:${name}}`, retries: 3 })),
  }
  try {
    for (let i = 0; i < names.length; i += 20) {
      await Promise.all(names.slice(i, i + 20).map((n, j) => scope.set(n, `token-${i + j}`)))
    }
    const candidates = [
      {
        name: `resolveConfig, ${REFERENCES} references`,
        run: () => resolveConfig(config, { secrets: scope, accessor: 'bench', reason: 'bench' }),
      },
      {
        name: `${REFERENCES} sequential reads (baseline)`,
        run: async () => {
          for (const n of names) {
            await client.request({
              path: `/secret/data/${prefix}/tenant=bench/${n}`,
              method: 'GET',
            })
          }
        },
      },
    ]
    const resolved = (await candidates[0]!.run()) as typeof config
    if (resolved.services.some((svc, i) => svc.token !== `token-${i}`)) {
      throw new Error('resolveConfig returned wrong values: the figures would mean nothing')
    }
    const calls = new Map<string, number>()
    const medians = await timeRounds(candidates, ROUNDS, {
      before: reset,
      after: (name) =>
        calls.set(
          name,
          [...counts.values()].reduce((a, b) => a + b, 0),
        ),
    })
    const baseline = medians.get(candidates[1]!.name)!
    printTable(
      `OpenBao ${address}: median of ${ROUNDS} alternating rounds`,
      candidates.map((c) => ({
        approach: c.name,
        requests: calls.get(c.name) ?? 0,
        'median ms': medians.get(c.name)!.toFixed(1),
        'time vs baseline': (medians.get(c.name)! / baseline).toFixed(3),
      })),
    )
    console.log(
      `\nresolveConfig: ${calls.get(candidates[0]!.name)} requests (Vault has no batch read), ` +
        `${(baseline / medians.get(candidates[0]!.name)!).toFixed(1)}x faster than sequential reads in this run (16 in flight)`,
    )
  } finally {
    await deleteAll('secret', `${prefix}/`)
  }
}

if (address) {
  await main()
} else {
  console.log(
    'vault bench skipped: SECRETS_TEST_VAULT_ADDR is not set (eval "$(scripts/services.sh up vault)")',
  )
}
