import { inspect } from 'node:util'
import { status } from '@grpc/grpc-js'
import {
  BackendError,
  createSecrets,
  generateMasterKey,
  Keyring,
  memoryAuditSink,
  toScope,
} from '@secrets/core'
import { describe, expect, it } from 'vitest'
import {
  type GcpSecretManagerBackendOptions,
  gcpSecretManagerBackend,
  type SecretManagerClientLike,
} from '../src/index.js'
import { type Harness, PROJECT, useFake } from './_harness.js'

const SECRET = 'sk_live_never-in-an-error-7d2e9a'
const ctx = { accessor: 'test', reason: 'test' }
const keyring = Keyring.fromKeys({ keys: { k: generateMasterKey() } })
const METHODS = [
  'getSecret',
  'createSecret',
  'updateSecret',
  'deleteSecret',
  'listSecrets',
  'addSecretVersion',
  'accessSecretVersion',
  'listSecretVersions',
  'disableSecretVersion',
  'destroySecretVersion',
] as const

/** A structural client over the real one, with some methods replaced. */
function wrap(
  client: SecretManagerClientLike,
  overrides: Partial<SecretManagerClientLike>,
): SecretManagerClientLike {
  const methods = Object.fromEntries(
    METHODS.map((m) => [
      m,
      (...args: never[]) => (client[m] as (...a: never[]) => unknown)(...args),
    ]),
  )
  return { ...methods, ...overrides } as SecretManagerClientLike
}

/** Everything an error shows: message, stack, inspection (hidden properties too), JSON. */
function renderings(err: unknown): string {
  const e = err as Error
  return [e.message, e.stack, inspect(e, { depth: 8, showHidden: true }), JSON.stringify(e)].join(
    '\n',
  )
}

/** Whether `needle` can be reached from `root` through any own property, hidden ones included. */
function reachable(root: unknown, needle: string, seen = new Set<unknown>()): boolean {
  if (typeof root === 'string') return root.includes(needle)
  if (root instanceof Uint8Array) return Buffer.from(root).toString('latin1').includes(needle)
  if (typeof root !== 'object' || root === null || seen.has(root)) return false
  seen.add(root)
  return Reflect.ownKeys(root).some((key) => {
    const desc = Object.getOwnPropertyDescriptor(root, key)
    return desc !== undefined && 'value' in desc && reachable(desc.value, needle, seen)
  })
}

function storeOver(h: Harness, extra: Partial<GcpSecretManagerBackendOptions> = {}) {
  const backend = gcpSecretManagerBackend({ client: h.client, project: PROJECT, ...extra })
  return createSecrets({ backend, keyring, audit: memoryAuditSink() })
}

describe.each(['grpc', 'rest'] as const)('PERMISSION_DENIED over %s', (transport) => {
  const h = useFake(transport)
  const cases: Array<[string, string, (s: ReturnType<typeof storeOver>) => Promise<unknown>]> = [
    ['AccessSecretVersion', 'secretmanager.versions.access', (s) => s.scope({}).get('K', ctx)],
    ['GetSecret', 'secretmanager.secrets.get', (s) => s.scope({}).get('K', ctx)],
    ['CreateSecret', 'secretmanager.secrets.create', (s) => s.scope({}).set('NEW', 'v')],
    ['AddSecretVersion', 'secretmanager.versions.add', (s) => s.scope({}).set('K', 'v')],
    ['UpdateSecret', 'secretmanager.secrets.update', (s) => s.scope({}).set('K', 'v')],
    ['ListSecrets', 'secretmanager.secrets.list', (s) => s.scope({}).list()],
    ['ListSecretVersions', 'secretmanager.versions.list', (s) => s.scope({}).versions('K')],
    ['DeleteSecret', 'secretmanager.secrets.delete', (s) => s.scope({}).delete('GONE')],
  ]
  it.each(cases)('%s names %s', async (method, permission, run) => {
    const s = storeOver(h)
    await s.scope({}).set('K', 'v0')
    await s.scope({}).set('GONE', 'v0')
    h.fake.failNext(method, status.PERMISSION_DENIED, 'Permission denied on resource')
    const err = (await run(s).catch((e: unknown) => e)) as Error
    expect(BackendError.isInstance(err)).toBe(true)
    expect(err.message).toContain(`${method} failed`)
    expect(err.message).toContain(`needs the IAM permission ${permission}`)
    expect(err.cause).toMatchObject({ code: 7, status: 'PERMISSION_DENIED' })
  })

  it('names secretmanager.versions.destroy for a destroy-versions delete', async () => {
    const s = storeOver(h, { deletion: 'destroy-versions' }).scope({ tenant: 'd' })
    await s.set('K', 'v')
    h.fake.failNext('DestroySecretVersion', status.PERMISSION_DENIED)
    await expect(s.delete('K')).rejects.toThrow(/secretmanager\.versions\.destroy/)
  })
})

describe('failures never carry a value or an envelope', () => {
  const h = useFake()

  it('names secretmanager.versions.disable when a version that lost a race cannot be disabled', async () => {
    let raced = false
    const client = wrap(h.client, {
      // Another writer adds a version just before this one: GCP gives this one the next number.
      addSecretVersion: async (request) => {
        if (!raced) {
          raced = true
          await h.client.addSecretVersion({
            parent: request.parent,
            payload: { data: Buffer.from('x') },
          })
        }
        return h.client.addSecretVersion(request)
      },
    })
    const s = createSecrets({
      backend: gcpSecretManagerBackend({ client, project: PROJECT }),
      audit: memoryAuditSink(),
    }).scope({ tenant: 'disable' })
    h.fake.failNext('DisableSecretVersion', status.PERMISSION_DENIED)
    await expect(s.set('K', SECRET)).rejects.toThrow(/secretmanager\.versions\.disable/)
  })

  it('keeps only the code, status and details of a client error', async () => {
    h.fake.failNext('AddSecretVersion', status.INTERNAL, 'backend unavailable')
    const err = (await storeOver(h)
      .scope({ tenant: 'internal' })
      .set('K', SECRET)
      .catch((e: unknown) => e)) as Error
    expect(BackendError.isInstance(err)).toBe(true)
    expect(err.message).toMatch(/AddSecretVersion failed for ".*" \(INTERNAL\)/)
    expect(err.cause).toMatchObject({
      code: 13,
      status: 'INTERNAL',
      details: 'backend unavailable',
    })
    expect(renderings(err)).not.toContain(SECRET)
    expect(reachable(err, SECRET)).toBe(false)
  })

  it.each([false, true])(
    'drops an error that holds the request (clientSideEncryption: %s)',
    async (cse) => {
      let sent: Uint8Array | undefined
      const client = wrap(h.client, {
        addSecretVersion: async (request) => {
          sent = request.payload.data
          // What a client error may hold: the request, its metadata, a note quoting it.
          throw Object.assign(new Error(`13 INTERNAL: ${Buffer.from(sent).toString('latin1')}`), {
            code: 13,
            details: 'internal error',
            request,
            note: Buffer.from(sent).toString('base64'),
          })
        },
      })
      const backend = gcpSecretManagerBackend({
        client,
        project: PROJECT,
        clientSideEncryption: cse,
      })
      const err = await createSecrets({ backend, keyring, audit: memoryAuditSink() })
        .scope({ tenant: `held-${cse}` })
        .set('K', SECRET)
        .catch((e: unknown) => e)
      expect(BackendError.isInstance(err)).toBe(true)
      const stored = Buffer.from(sent!)
      for (const needle of [SECRET, stored.toString('base64'), stored.toString('hex')]) {
        expect(reachable(err, needle)).toBe(false)
        expect(renderings(err)).not.toContain(needle)
      }
      // Not even a run of 16 bytes of the envelope (or the value) survives.
      expect(reachable(err, stored.subarray(0, 16).toString('latin1'))).toBe(false)
    },
  )

  it('withholds every detail of an error without a gRPC code', async () => {
    const client = wrap(h.client, {
      accessSecretVersion: async () => {
        throw new TypeError(`cannot decode payload ${SECRET}`)
      },
    })
    const err = (await gcpSecretManagerBackend({ client, project: PROJECT })
      .get(toScope({}), 'K')
      .catch((e: unknown) => e)) as Error
    expect(BackendError.isInstance(err)).toBe(true)
    expect((err.cause as Error).message).toMatch(/details withheld/)
    expect(reachable(err, SECRET)).toBe(false)
  })

  it('detects a CRC32C mismatch on access and says so without the value', async () => {
    await storeOver(h).scope({ tenant: 'crc' }).set('K', SECRET)
    const client = wrap(h.client, {
      accessSecretVersion: async (request) => {
        const [response, ...rest] = await h.client.accessSecretVersion(request)
        const data = Buffer.from(response.payload?.data as Uint8Array)
        data[0] = data[0]! ^ 0x01 // one bit flipped on the way
        return [{ ...response, payload: { ...response.payload, data } }, ...rest]
      },
    })
    const s = createSecrets({
      backend: gcpSecretManagerBackend({ client, project: PROJECT }),
      audit: memoryAuditSink(),
    }).scope({ tenant: 'crc' })
    const err = (await s.get('K', ctx).catch((e: unknown) => e)) as Error
    expect(BackendError.isInstance(err)).toBe(true)
    expect(err.message).toMatch(/CRC32C does not match/)
    expect(reachable(err, SECRET.slice(1))).toBe(false)
  })
})
