import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SecretsApi } from '../src/index.js'
import { apiOver, type CallOptions, openStore, type Store, watchedCollector } from './_harness.js'

const { value, onError, call: send } = watchedCollector()
let store: Store
let api: SecretsApi
const call = (method: string, path: string, options?: CallOptions) =>
  send(api.fetch, method, `http://t${path}`, options)
type Event = { outcome: string; action: string; id: string }
const outcomes = (items: Event[]) => items.map((e) => e.outcome)

beforeAll(async () => {
  store = await openStore('sqlite')
  api = await apiOver(store, onError, { allowValueReads: true })
  await call('POST', '/secrets', { body: { name: 'mixed', value: value() } })
  for (const version of [1, 7, 8])
    await call('GET', `/secrets/mixed/value?reason=r&version=${version}`)
  await call('PUT', '/secrets/mixed', { body: { value: value() }, headers: { 'if-match': '"9"' } })
})
afterAll(async () => {
  await store?.close()
})

describe('GET /{name}/access-log?outcome=', () => {
  it('keeps the events of one outcome, or of several given repeated or comma-separated', async () => {
    const all = await call('GET', '/secrets/mixed/access-log?limit=1000')
    expect(all.status).toBe(200)
    expect(new Set(outcomes(all.body.items))).toEqual(new Set(['success', 'not_found', 'conflict']))
    const missed = await call('GET', '/secrets/mixed/access-log?outcome=not_found')
    expect(missed.status).toBe(200)
    expect(outcomes(missed.body.items)).toEqual(['not_found', 'not_found'])
    const expected = all.body.items.filter((e: Event) => e.outcome !== 'success')
    expect(expected.length).toBe(3)
    for (const query of ['outcome=conflict,not_found', 'outcome=not_found&outcome=conflict']) {
      const both = await call('GET', `/secrets/mixed/access-log?${query}`)
      expect([both.status, both.body.items]).toEqual([200, expected])
    }
  })

  it('pages through the filtered events, and binds the cursor to the filter', async () => {
    const first = await call('GET', '/secrets/mixed/access-log?outcome=not_found,conflict&limit=2')
    expect(first.body.items).toHaveLength(2)
    const cursor = encodeURIComponent(first.body.cursor)
    const next = await call(
      'GET',
      `/secrets/mixed/access-log?outcome=conflict&outcome=not_found&limit=2&cursor=${cursor}`,
    )
    expect(next.status).toBe(200)
    expect(outcomes(next.body.items)).toEqual(['not_found'])
    expect(next.body.cursor).toBeNull()
    for (const other of ['outcome=not_found&', '']) {
      const refused = await call('GET', `/secrets/mixed/access-log?${other}cursor=${cursor}`)
      expect([refused.status, refused.body.error.code]).toEqual([400, 'INVALID_ARGUMENT'])
      expect(refused.body.error.message).toMatch(/another "outcome"/)
    }
  })

  it('refuses an unknown or empty outcome with 400', async () => {
    for (const query of ['outcome=nope', 'outcome=success,nope', 'outcome=', 'outcome=error,']) {
      const refused = await call('GET', `/secrets/mixed/access-log?${query}`)
      expect([refused.status, refused.body.error.code], query).toEqual([400, 'INVALID_ARGUMENT'])
      expect(refused.body.error.message).toMatch(/^Invalid request: query\.outcome/)
    }
  })

  it('documents outcome as an array of the outcomes, form-exploded', () => {
    const op = (api.openapi.paths['/secrets/{name}/access-log'] as Record<string, unknown>).get as {
      parameters: Array<Record<string, unknown>>
    }
    const param = op.parameters.find((p) => p.name === 'outcome')
    expect(param).toMatchObject({
      in: 'query',
      required: false,
      style: 'form',
      explode: true,
      schema: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'string',
          enum: ['success', 'not_found', 'conflict', 'decryption_failed', 'error'],
        },
      },
    })
  })
})
