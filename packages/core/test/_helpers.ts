import type { SecretBackend, SecretBackendV1 } from '../src/index.js'

/** A promise with its resolve function, to hold an operation at a chosen point. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void
  const promise = new Promise<void>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

/** The same backend behind the first contract: `put` takes finished bytes. */
export function asV1(backend: SecretBackend, cas = true): SecretBackendV1 {
  return {
    ...backend,
    specificationVersion: 'v1',
    capabilities: { ...backend.capabilities, cas },
    put: (scope, name, input) =>
      backend.put(scope, name, { ...input, payload: () => input.payload }),
    getMany: backend.getMany.bind(backend),
    get: backend.get.bind(backend),
    delete: backend.delete.bind(backend),
    list: backend.list.bind(backend),
    versions: backend.versions.bind(backend),
    ...(backend.scan ? { scan: backend.scan.bind(backend) } : {}),
    ...(backend.replacePayloads ? { replacePayloads: backend.replacePayloads.bind(backend) } : {}),
  }
}
