import { invalid } from './errors.js'

/** A parent of secrets: `projects/{project}` or `projects/{project}/locations/{location}`. */
export interface ParentName {
  project: string
  location: string | undefined
  /** The parent as written, normalised: `projects/p` or `projects/p/locations/l`. */
  text: string
}

/** A secret: `{parent}/secrets/{secret}`. */
export interface SecretName {
  parent: ParentName
  secretId: string
  text: string
}

/** A secret version: `{secret}/versions/{version}`; `version` is a number, `latest` or an alias. */
export interface VersionName {
  secret: SecretName
  version: string
}

const SEGMENT = '([^/]+)'
const PARENT = `projects/${SEGMENT}(?:/locations/${SEGMENT})?`
const PARENT_RE = new RegExp(`^${PARENT}$`)
const SECRET_RE = new RegExp(`^${PARENT}/secrets/${SEGMENT}$`)
const VERSION_RE = new RegExp(`^${PARENT}/secrets/${SEGMENT}/versions/${SEGMENT}$`)

function parent(project: string, location: string | undefined): ParentName {
  const text = location ? `projects/${project}/locations/${location}` : `projects/${project}`
  return { project, location, text }
}

function secret(p: ParentName, secretId: string): SecretName {
  return { parent: p, secretId, text: `${p.text}/secrets/${secretId}` }
}

/** Parses a `parent` field of CreateSecret/ListSecrets; INVALID_ARGUMENT if malformed. */
export function parseParent(text: string, field = 'parent'): ParentName {
  const m = PARENT_RE.exec(text)
  if (!m) throw invalid(`Invalid resource field value in the request: ${field} [${text}]`)
  return parent(m[1]!, m[2])
}

/** Parses a secret resource name; INVALID_ARGUMENT if malformed. */
export function parseSecretName(text: string, field = 'name'): SecretName {
  const m = SECRET_RE.exec(text)
  if (!m) throw invalid(`Invalid resource field value in the request: ${field} [${text}]`)
  return secret(parent(m[1]!, m[2]), m[3]!)
}

/** Parses a secret version resource name; INVALID_ARGUMENT if malformed. */
export function parseVersionName(text: string, field = 'name'): VersionName {
  const m = VERSION_RE.exec(text)
  if (!m) throw invalid(`Invalid resource field value in the request: ${field} [${text}]`)
  return { secret: secret(parent(m[1]!, m[2]), m[3]!), version: m[4]! }
}

/** The resource name of version `n` of `secretName`. */
export function versionName(secretName: string, n: number): string {
  return `${secretName}/versions/${n}`
}
