/**
 * Benchmark of @secrets/gcp-secret-manager (`pnpm --filter @secrets/gcp-secret-manager bench`)
 * against the in-repo fake (@secrets/gcp-fake) over real gRPC on 127.0.0.1,
 * with latency added to every RPC (2 ms, then 20 ms) so that round trips show:
 * `resolveConfig` of a config with 100 secret references beside 100
 * sequential `AccessSecretVersion` calls, in the same run. RPCs are counted
 * by the fake. Fake latency is not GCP latency: only the RPC counts and the
 * ratio within one run mean anything. Client and fake share this process
 * (and its CPU): at 2 ms the run is bound by the CPU cost of each RPC, which
 * concurrency does not hide; at 20 ms the round trips dominate, as against GCP.
 */
import { SecretManagerServiceClient } from '@google-cloud/secret-manager'
import { printTable, timeRounds } from '@secrets/bench-kit'
import { createSecrets, memoryAuditSink, resolveConfig } from '@secrets/core'
import { fakeClientOptions, startFakeSecretManager } from '@secrets/gcp-fake'
import { encodeSecretId, gcpSecretManagerBackend } from '../src/index.js'

const REFERENCES = 100
const ROUNDS = 7
/** Added to every RPC: 2 ms (the fake's own CPU cost dominates) and 20 ms (closer to a real region). */
const LATENCIES_MS = [2, 20]
const PROJECT = 'bench-project'

// google-auth-library must never probe a metadata server from the benchmark.
process.env.METADATA_SERVER_DETECTION ??= 'none'
const fake = await startFakeSecretManager()
const client = new SecretManagerServiceClient(fakeClientOptions(fake, PROJECT))
try {
  const backend = gcpSecretManagerBackend({ client, project: PROJECT, prefix: 'bench' })
  const scope = createSecrets({ backend, audit: memoryAuditSink() }).scope({ tenant: 'bench' })
  const names = Array.from({ length: REFERENCES }, (_, i) => `SERVICE_${i}_TOKEN`)
  const config = {
    services: names.map((name, i) => ({ id: `svc-${i}`, token: `\${SECRET:${name}}`, retries: 3 })),
  }
  await Promise.all(names.map((n, i) => scope.set(n, `token-${i}`)))
  const versionNames = names.map(
    (n) =>
      `projects/${PROJECT}/secrets/${encodeSecretId(`bench/tenant=bench/${n}`)}/versions/latest`,
  )
  const candidates = [
    {
      name: `resolveConfig, ${REFERENCES} references`,
      run: () => resolveConfig(config, { secrets: scope, accessor: 'bench', reason: 'bench' }),
    },
    {
      name: `${REFERENCES} sequential AccessSecretVersion (baseline)`,
      run: async () => {
        for (const name of versionNames) await client.accessSecretVersion({ name })
      },
    },
  ]
  for (const latency of LATENCIES_MS) {
    fake.setLatency(latency)
    const resolved = (await candidates[0]!.run()) as typeof config
    if (resolved.services.some((svc, i) => svc.token !== `token-${i}`)) {
      throw new Error('resolveConfig returned wrong values: the figures would mean nothing')
    }
    const calls = new Map<string, Record<string, number>>()
    const medians = await timeRounds(candidates, ROUNDS, {
      before: () => fake.resetCalls(),
      after: (name) => calls.set(name, fake.calls()),
    })
    const baseline = medians.get(candidates[1]!.name)!
    const total = (name: string) => Object.values(calls.get(name)!).reduce((a, b) => a + b, 0)
    printTable(
      `fake Secret Manager over gRPC, ${latency} ms per RPC: median of ${ROUNDS} alternating rounds`,
      candidates.map((c) => ({
        approach: c.name,
        RPCs: `${total(c.name)} (${Object.entries(calls.get(c.name)!)
          .map(([method, n]) => `${n} ${method}`)
          .join(', ')})`,
        'median ms': medians.get(c.name)!.toFixed(1),
        'time vs baseline': (medians.get(c.name)! / baseline).toFixed(3),
      })),
    )
    const resolve = candidates[0]!.name
    console.log(
      `\nresolveConfig: ${total(resolve)} RPCs (2 per reference, 16 references at a time), ` +
        `${(baseline / medians.get(resolve)!).toFixed(1)}x faster than the sequential baseline in this run`,
    )
  }
} finally {
  await client.close()
  await fake.close()
}
