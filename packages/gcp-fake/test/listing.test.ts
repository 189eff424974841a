import { status } from '@grpc/grpc-js'
import { describe, expect, it } from 'vitest'
import { addText, expectCode, freshProject, makeSecret, useFake } from './helpers.js'

const h = useFake()

const ids = (secrets: { name?: string | null }[]) =>
  secrets.map((s) => s.name?.split('/').pop() ?? '')

async function listPage(request: Record<string, unknown>) {
  const [items, , response] = await h.client.listSecrets(request, { autoPaginate: false })
  return { items, response }
}

describe('ListSecrets', () => {
  it('lists only the secrets of the parent, in ascending name order', async () => {
    const parent = freshProject()
    for (const id of ['charlie', 'alpha', 'bravo']) await makeSecret(h.client, parent, id)
    await makeSecret(h.client, freshProject(), 'other-project')
    await h.client.createSecret({ parent: `${parent}/locations/eu`, secretId: 'r', secret: {} })
    const [secrets] = await h.client.listSecrets({ parent })
    expect(ids(secrets)).toEqual(['alpha', 'bravo', 'charlie'])
    const [regional] = await h.client.listSecrets({ parent: `${parent}/locations/eu` })
    expect(ids(regional)).toEqual(['r'])
  })

  it('pages with page_size and page_token, and reports total_size', async () => {
    const parent = freshProject()
    for (const id of ['a', 'b', 'c', 'd', 'e']) await makeSecret(h.client, parent, id)
    const first = await listPage({ parent, pageSize: 2 })
    expect(ids(first.items)).toEqual(['a', 'b'])
    expect(first.response?.totalSize).toBe(5)
    expect(first.response?.nextPageToken).toBeTruthy()
    const second = await listPage({ parent, pageSize: 2, pageToken: first.response?.nextPageToken })
    expect(ids(second.items)).toEqual(['c', 'd'])
    const third = await listPage({ parent, pageSize: 2, pageToken: second.response?.nextPageToken })
    expect(ids(third.items)).toEqual(['e'])
    expect(third.response?.nextPageToken).toBe('')
    const [all] = await h.client.listSecrets({ parent, pageSize: 2 })
    expect(ids(all)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('keeps paging right when a listed secret is deleted between pages', async () => {
    const parent = freshProject()
    for (const id of ['a', 'b', 'c', 'd']) await makeSecret(h.client, parent, id)
    const first = await listPage({ parent, pageSize: 2 })
    await h.client.deleteSecret({ name: `${parent}/secrets/a` })
    const second = await listPage({ parent, pageSize: 2, pageToken: first.response?.nextPageToken })
    expect(ids(second.items)).toEqual(['c', 'd'])
  })

  it('refuses a bad page token, a token from another listing and a negative page_size', async () => {
    const parent = freshProject()
    for (const id of ['a', 'b']) await makeSecret(h.client, parent, id)
    const first = await listPage({ parent, pageSize: 1 })
    const token = first.response?.nextPageToken
    await expectCode(listPage({ parent, pageToken: 'garbage' }), status.INVALID_ARGUMENT)
    await expectCode(
      listPage({ parent: freshProject(), pageToken: token }),
      status.INVALID_ARGUMENT,
    )
    await expectCode(listPage({ parent, pageSize: -1 }), status.INVALID_ARGUMENT)
    await expectCode(listPage({ parent: 'nonsense' }), status.INVALID_ARGUMENT)
  })

  it('filters by name substring, wildcard, label value and label presence', async () => {
    const parent = freshProject()
    await makeSecret(h.client, parent, 'api-key-prod', { env: 'prod', team: 'core' })
    await makeSecret(h.client, parent, 'api-key-dev', { env: 'dev' })
    await makeSecret(h.client, parent, 'db-password', { env: 'prod' })
    const list = async (filter: string) => ids((await h.client.listSecrets({ parent, filter }))[0])
    expect(await list('name:api-key')).toEqual(['api-key-dev', 'api-key-prod'])
    expect(await list('name:api*prod')).toEqual(['api-key-prod'])
    expect(await list('labels.env=prod')).toEqual(['api-key-prod', 'db-password'])
    expect(await list('labels.env=pro')).toEqual([])
    expect(await list('labels.team:*')).toEqual(['api-key-prod'])
    expect(await list('labels.env=prod AND name:api')).toEqual(['api-key-prod'])
    expect(await list('labels.env=prod name:db')).toEqual(['db-password'])
    expect(await list('name:dev OR name:db')).toEqual(['api-key-dev', 'db-password'])
    expect(await list('NOT labels.env=prod')).toEqual(['api-key-dev'])
    expect(await list('-labels.team:*')).toEqual(['api-key-dev', 'db-password'])
    expect(await list('labels.env="dev"')).toEqual(['api-key-dev'])
  })

  it('filters on create_time and replication', async () => {
    const parent = freshProject()
    await makeSecret(h.client, parent, 'old')
    const [b] = await h.client.createSecret({
      parent,
      secretId: 'new',
      secret: { replication: { userManaged: { replicas: [{ location: 'us-east1' }] } } },
    })
    const at = new Date(Number(b.createTime?.seconds) * 1000 + (b.createTime?.nanos ?? 0) / 1e6)
    const list = async (filter: string) => ids((await h.client.listSecrets({ parent, filter }))[0])
    expect(await list(`create_time>=${at.toISOString()}`)).toContain('new')
    expect(await list(`create_time<2000-01-01T00:00:00Z`)).toEqual([])
    expect(await list('replication.automatic:*')).toEqual(['old'])
    expect(await list('replication.user_managed.replicas.location:us-east1')).toEqual(['new'])
  })

  it('answers total_size 0 when filtered', async () => {
    const parent = freshProject()
    await makeSecret(h.client, parent, 'a', { env: 'x' })
    const page = await listPage({ parent, filter: 'labels.env=x' })
    expect(ids(page.items)).toEqual(['a'])
    expect(page.response?.totalSize).toBe(0)
  })

  it.each([
    'labels.env',
    'bogus_field:x',
    'name:',
    '(name:a',
    'name:a AND',
    'create_time>yesterday',
    'just-a-word',
  ])('refuses the unsupported or malformed filter %j with INVALID_ARGUMENT', async (filter) => {
    const parent = freshProject()
    await makeSecret(h.client, parent, 'a')
    await expectCode(h.client.listSecrets({ parent, filter }), status.INVALID_ARGUMENT)
  })
})

describe('ListSecretVersions', () => {
  it('lists newest first and pages', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    for (const t of ['1', '2', '3', '4', '5']) await addText(h.client, secret, t)
    const [all] = await h.client.listSecretVersions({ parent: secret })
    expect(ids(all)).toEqual(['5', '4', '3', '2', '1'])
    const [page, , response] = await h.client.listSecretVersions(
      { parent: secret, pageSize: 2 },
      { autoPaginate: false },
    )
    expect(ids(page)).toEqual(['5', '4'])
    expect(response?.totalSize).toBe(5)
    const [next] = await h.client.listSecretVersions(
      { parent: secret, pageSize: 2, pageToken: response?.nextPageToken },
      { autoPaginate: false },
    )
    expect(ids(next)).toEqual(['3', '2'])
  })

  it('filters on state, case-insensitively, and combines with OR', async () => {
    const secret = await makeSecret(h.client, freshProject(), 's')
    for (const t of ['1', '2', '3', '4']) await addText(h.client, secret, t)
    await h.client.disableSecretVersion({ name: `${secret}/versions/2` })
    await h.client.destroySecretVersion({ name: `${secret}/versions/3` })
    const list = async (filter: string) =>
      ids((await h.client.listSecretVersions({ parent: secret, filter }))[0])
    expect(await list('state:ENABLED')).toEqual(['4', '1'])
    expect(await list('state=disabled')).toEqual(['2'])
    expect(await list('state:DESTROYED OR state:DISABLED')).toEqual(['3', '2'])
    expect(await list('NOT state:ENABLED')).toEqual(['3', '2'])
    expect(await list('destroy_time:*')).toEqual(['3'])
    await expectCode(
      h.client.listSecretVersions({ parent: secret, filter: 'labels.x=y' }),
      status.INVALID_ARGUMENT,
    )
  })

  it('answers NOT_FOUND for a missing secret and lists an empty secret as empty', async () => {
    await expectCode(
      h.client.listSecretVersions({ parent: `${freshProject()}/secrets/none` }),
      status.NOT_FOUND,
    )
    const secret = await makeSecret(h.client, freshProject(), 'empty')
    const [versions] = await h.client.listSecretVersions({ parent: secret })
    expect(versions).toEqual([])
  })
})
