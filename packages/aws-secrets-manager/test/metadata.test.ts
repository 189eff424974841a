import type { VersionMetadata } from '@secrets/core'
import { describe, expect, it } from 'vitest'
import {
  expiresFromLabels,
  expiresLabel,
  MAX_TAGS_PER_VERSION,
  metadataTags,
  metadataTagsByVersion,
  readMetadata,
} from '../src/_metadata.js'
import { versionIdOf, versionNumberOf } from '../src/_version-id.js'

const meta = (description: string | null): VersionMetadata => ({
  createdBy: 'user:alice',
  description,
  previousExpiresAt: new Date(1_750_000_000_123),
  requestId: '7d1f0c5e-1b7a-4d0e-9a55-2c7f0c1e9b11',
})

describe('version metadata in tags', () => {
  it('round-trips through one tag of AWS-safe characters', async () => {
    const { tags, descriptionInField } = await metadataTags(3, meta('Stripe "live" key, ☃'))
    expect(descriptionInField).toBe(false)
    expect(tags).toHaveLength(1)
    expect(tags[0]!.Key).toBe('secrets:v3')
    expect(tags[0]!.Value).toMatch(/^[A-Za-z0-9_-]{1,255}$/)
    expect(await readMetadata(tags, 3, undefined)).toEqual(meta('Stripe "live" key, ☃'))
    expect(await readMetadata(tags, 4, undefined)).toBeNull()
  })

  it('splits long metadata over several tags and joins them back', async () => {
    const long = 'd'.repeat(600)
    const { tags } = await metadataTags(12, meta(long))
    expect(tags.map((t) => t.Key)).toEqual([
      'secrets:v12',
      'secrets:v12.1',
      'secrets:v12.2',
      'secrets:v12.3',
    ])
    for (const t of tags) expect(t.Value!.length).toBeLessThanOrEqual(255)
    const shuffled = [{ Key: 'team', Value: 'x' }, ...tags].reverse()
    expect((await readMetadata(shuffled, 12, undefined))?.description).toBe(long)
    expect(metadataTagsByVersion(shuffled).get(12)).toHaveLength(4)
  })

  it('keeps a description too long for tags in the Description field, checked by hash', async () => {
    const long = '説明'.repeat(512) // 1024 characters, 3072 bytes
    const { tags, descriptionInField } = await metadataTags(2, meta(long))
    expect(descriptionInField).toBe(true)
    expect(tags.length).toBeLessThanOrEqual(MAX_TAGS_PER_VERSION)
    expect((await readMetadata(tags, 2, long))?.description).toBe(long)
    // A later version changed the Description field: this version's description is unknown, not wrong.
    expect((await readMetadata(tags, 2, 'newer description'))?.description).toBeNull()
    expect((await readMetadata(tags, 2, long))?.createdBy).toBe('user:alice')
  })

  it('treats a damaged or foreign tag as no metadata', async () => {
    expect(
      await readMetadata([{ Key: 'secrets:v1', Value: '!!not base64' }], 1, undefined),
    ).toBeNull()
    expect(await readMetadata([{ Key: 'secrets:v1', Value: 'bnVsbA' }], 1, undefined)).toBeNull()
    expect(await readMetadata([{ Key: 'secrets:v1.1', Value: 'e30' }], 1, undefined)).toBeNull()
  })

  it('keeps null fields null', async () => {
    const empty = { createdBy: null, description: null, previousExpiresAt: null, requestId: null }
    const { tags } = await metadataTags(1, empty)
    expect(await readMetadata(tags, 1, 'field text')).toEqual(empty)
  })

  it('mirrors previousExpiresAt in a staging label', () => {
    const at = new Date(1_750_000_000_123)
    expect(expiresLabel(at)).toBe('secrets-previous-expires-1750000000123')
    expect(expiresFromLabels(['AWSCURRENT', expiresLabel(at)])).toEqual(at)
    expect(expiresFromLabels(['AWSCURRENT'])).toBeNull()
  })
})

describe('version ids', () => {
  it('encode the version number in a 32-character VersionId', () => {
    expect(versionIdOf(3)).toBe('secrets-v00000000000000000000003')
    expect(versionIdOf(3)).toHaveLength(32)
    expect(versionNumberOf(versionIdOf(123_456))).toBe(123_456)
    expect(versionNumberOf('0a992e73-90d9-46bb-8497-cff5d0ee154f')).toBeNull()
    expect(versionNumberOf('secrets-v00000000000000000000000')).toBeNull()
    expect(versionNumberOf(undefined)).toBeNull()
  })
})
