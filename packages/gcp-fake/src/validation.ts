import { invalid } from './errors.js'

/** Largest payload Secret Manager accepts: 64 KiB. */
export const MAX_PAYLOAD_BYTES = 64 * 1024
/** Labels per secret. */
export const MAX_LABELS = 64
/** Annotation keys and values together must be less than this many bytes. */
export const MAX_ANNOTATION_BYTES = 16 * 1024
/** Version aliases per secret. */
export const MAX_ALIASES = 50

const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u
const ANNOTATION_KEY = /^[a-zA-Z0-9](?:[a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?$/
const ALIAS = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8')

/** A secret id: letters, digits, `-` and `_`, 1 to 255 characters. */
export function checkSecretId(id: string): void {
  if (!SECRET_ID.test(id)) {
    throw invalid(
      `Invalid secret_id [${id}]: must be 1 to 255 characters of letters, numerals, hyphens and underscores.`,
    )
  }
}

/** Label keys and values as documented on `Secret.labels`, at most 64 of them. */
export function checkLabels(labels: Record<string, string>): void {
  const entries = Object.entries(labels)
  if (entries.length > MAX_LABELS) {
    throw invalid(`Too many labels: ${entries.length} (at most ${MAX_LABELS}).`)
  }
  for (const [key, value] of entries) {
    if (!LABEL_KEY.test(key) || utf8Length(key) > 128) throw invalid(`Invalid label key [${key}].`)
    if (!LABEL_VALUE.test(value) || utf8Length(value) > 128) {
      throw invalid(`Invalid label value [${value}] for key [${key}].`)
    }
  }
}

/** Annotation keys as documented on `Secret.annotations`; keys and values under 16 KiB in all. */
export function checkAnnotations(annotations: Record<string, string>): void {
  let total = 0
  for (const [key, value] of Object.entries(annotations)) {
    if (!ANNOTATION_KEY.test(key) || utf8Length(key) > 128) {
      throw invalid(`Invalid annotation key [${key}].`)
    }
    total += utf8Length(key) + utf8Length(value)
  }
  if (total >= MAX_ANNOTATION_BYTES) {
    throw invalid(`Annotations are ${total} bytes; they must be less than 16KiB in total.`)
  }
}

/**
 * Version aliases: at most 50, each up to 63 letters, numerals, `-` and `_` starting with a
 * letter, not `latest` nor `NEW`, each naming an existing version number.
 */
export function checkAliases(aliases: Record<string, number>, versionCount: number): void {
  const entries = Object.entries(aliases)
  if (entries.length > MAX_ALIASES) {
    throw invalid(`Too many version aliases: ${entries.length} (at most ${MAX_ALIASES}).`)
  }
  for (const [alias, version] of entries) {
    if (!ALIAS.test(alias) || alias === 'latest' || alias === 'NEW') {
      throw invalid(`Invalid version alias [${alias}].`)
    }
    if (!Number.isInteger(version) || version < 1 || version > versionCount) {
      throw invalid(`Version alias [${alias}] names version [${version}], which does not exist.`)
    }
  }
}
