/**
 * Per-version metadata (description, created-by, rotation overlap, request
 * id) kept in secret tags, never in the value.
 *
 * Version `n` owns the tags `secrets:v<n>`, `secrets:v<n>.1`, … whose values,
 * concatenated, are the base64url of a small JSON object (base64url keeps to
 * the characters every AWS tagging API accepts; a tag value holds at most 255).
 * A description too long for {@link MAX_TAGS_PER_VERSION} tags is kept in the
 * secret's Description field instead, with its SHA-256 in the tag, so that an
 * older version never shows a newer version's description.
 *
 * `previousExpiresAt` is also mirrored in a staging label on the version it
 * belongs to, because labels are the only per-version metadata that
 * `BatchGetSecretValue` returns and batched reads need it (rotation overlap).
 * @module
 */
import type { Tag } from '@aws-sdk/client-secrets-manager'
import type { VersionMetadata } from '@secrets/core'

/** AWS caps a tag value at 255 characters. */
const TAG_VALUE_LENGTH = 255
/** The most tags one version's metadata may take. */
export const MAX_TAGS_PER_VERSION = 8
/** AWS allows 50 tags per secret. */
export const MAX_TAGS_PER_SECRET = 50
const TAG_KEY = /^secrets:v(\d{1,16})(?:\.(\d{1,2}))?$/
const EXPIRES_PREFIX = 'secrets-previous-expires-'
const EXPIRES_LABEL = /^secrets-previous-expires-(\d{1,16})$/

interface Encoded {
  b?: string
  d?: string
  h?: string
  x?: number
  r?: string
}

/** Whether a tag key belongs to this backend's metadata. */
export function isMetadataTag(key: string | undefined): boolean {
  return key !== undefined && TAG_KEY.test(key)
}

/**
 * The tags that hold version `n`'s metadata.
 * @returns the tags, and whether the description went to the Description field
 */
export async function metadataTags(
  version: number,
  meta: VersionMetadata,
): Promise<{ tags: Tag[]; descriptionInField: boolean }> {
  const base: Encoded = {}
  if (meta.createdBy !== null) base.b = meta.createdBy
  if (meta.previousExpiresAt !== null) base.x = meta.previousExpiresAt.getTime()
  if (meta.requestId !== null) base.r = meta.requestId
  let descriptionInField = false
  let text = encode(meta.description === null ? base : { ...base, d: meta.description })
  if (text.length > TAG_VALUE_LENGTH * MAX_TAGS_PER_VERSION && meta.description !== null) {
    descriptionInField = true
    text = encode({ ...base, h: await sha256(meta.description) })
  }
  const tags: Tag[] = []
  for (let i = 0; i * TAG_VALUE_LENGTH < text.length || i === 0; i++) {
    tags.push({
      Key: i === 0 ? `secrets:v${version}` : `secrets:v${version}.${i}`,
      Value: text.slice(i * TAG_VALUE_LENGTH, (i + 1) * TAG_VALUE_LENGTH),
    })
  }
  return { tags, descriptionInField }
}

/**
 * A version's metadata as reads and listings show it: from its tags when this
 * backend numbered it; for a version written elsewhere (`number` null), the
 * secret's Description field alone. A numbered version whose tags were pruned
 * has none, so it never shows a newer version's description.
 * @param fieldDescription the secret's Description field
 */
export function metadataOf(
  tags: readonly Tag[] | undefined,
  number: number | null,
  fieldDescription: string | undefined,
): Promise<VersionMetadata | null> {
  if (number !== null) return readMetadata(tags, number, fieldDescription)
  return Promise.resolve({
    createdBy: null,
    description: fieldDescription || null,
    previousExpiresAt: null,
    requestId: null,
  })
}

/**
 * Reads version `n`'s metadata from a secret's tags.
 * @param fieldDescription the secret's Description field, for long descriptions
 * @returns the metadata, or null when the version has none (written elsewhere, or pruned)
 */
export async function readMetadata(
  tags: readonly Tag[] | undefined,
  version: number,
  fieldDescription: string | undefined,
): Promise<VersionMetadata | null> {
  const chunks: string[] = []
  for (const tag of tags ?? []) {
    const m = tag.Key === undefined ? null : TAG_KEY.exec(tag.Key)
    if (m && Number(m[1]) === version) chunks[Number(m[2] ?? 0)] = tag.Value ?? ''
  }
  if (chunks[0] === undefined) return null
  let parsed: Encoded
  try {
    parsed = JSON.parse(new TextDecoder().decode(fromBase64url(chunks.join(''))))
  } catch {
    return null // a partial or foreign tag: treat as absent
  }
  if (typeof parsed !== 'object' || parsed === null) return null
  let description: string | null = typeof parsed.d === 'string' ? parsed.d : null
  if (description === null && typeof parsed.h === 'string' && fieldDescription !== undefined) {
    description = (await sha256(fieldDescription)) === parsed.h ? fieldDescription : null
  }
  return {
    createdBy: typeof parsed.b === 'string' ? parsed.b : null,
    description,
    previousExpiresAt: typeof parsed.x === 'number' ? new Date(parsed.x) : null,
    requestId: typeof parsed.r === 'string' ? parsed.r : null,
  }
}

/**
 * The versions that have metadata tags, with their tag keys.
 * @returns version number -> tag keys
 */
export function metadataTagsByVersion(tags: readonly Tag[] | undefined): Map<number, string[]> {
  const out = new Map<number, string[]>()
  for (const tag of tags ?? []) {
    const m = tag.Key === undefined ? null : TAG_KEY.exec(tag.Key)
    if (!m) continue
    const n = Number(m[1])
    out.set(n, [...(out.get(n) ?? []), tag.Key!])
  }
  return out
}

/** The staging label that mirrors `previousExpiresAt` on its version. */
export function expiresLabel(previousExpiresAt: Date): string {
  return EXPIRES_PREFIX + previousExpiresAt.getTime()
}

/** Whether a staging label is an expiry mirror. */
export function isExpiresLabel(label: string): boolean {
  return EXPIRES_LABEL.test(label)
}

/** The `previousExpiresAt` a version's staging labels carry, or null. */
export function expiresFromLabels(labels: readonly string[] | undefined): Date | null {
  for (const label of labels ?? []) {
    const ms = EXPIRES_LABEL.exec(label)?.[1]
    if (ms !== undefined) return new Date(Number(ms))
  }
  return null
}

function encode(value: Encoded): string {
  return toBase64url(new TextEncoder().encode(JSON.stringify(value)))
}

async function sha256(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return toBase64url(new Uint8Array(digest))
}

function toBase64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}
