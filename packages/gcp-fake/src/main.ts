/**
 * Starts the fake for manual use: `pnpm --filter @secrets/gcp-fake start [port] [restPort]`
 * (or GCP_FAKE_PORT, GCP_FAKE_REST_PORT, GCP_FAKE_LATENCY_MS). Prints the gRPC address on
 * the first line and the REST base URL on the second; runs until SIGINT/SIGTERM.
 */
import { startFakeSecretManager } from './index.js'

function portArg(value: string | undefined): number {
  const port = Number(value ?? '0')
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`usage: main.ts [port] [restPort]  (bad port ${JSON.stringify(value)})`)
    process.exit(2)
  }
  return port
}

const port = portArg(process.argv[2] ?? process.env.GCP_FAKE_PORT)
const restPort = portArg(process.argv[3] ?? process.env.GCP_FAKE_REST_PORT)
const latencyMs = Number(process.env.GCP_FAKE_LATENCY_MS ?? 0)

const fake = await startFakeSecretManager({ port, restPort, latencyMs })
console.log(fake.address)
console.log(`http://127.0.0.1:${fake.restPort}`)

const stop = async () => {
  await fake.close()
  process.exit(0)
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
