import { memoryBackend } from '../src/index.js'
import { runBackendConformance } from '../src/testing/index.js'

runBackendConformance({
  name: 'memory',
  create: () => memoryBackend(),
  raw: async (backend) => ({
    stored: backend.dump().flatMap((r) => [r.scopeKey, r.name, r.payload]),
    metadata: backend.dump().flatMap((r) => [r.scopeKey, r.name]),
  }),
  capabilities: { envelope: true, cas: true, versions: true, batch: true },
})
