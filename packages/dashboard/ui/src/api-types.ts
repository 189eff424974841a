/** The API's bodies, as the page reads them (docs/http-api.md has the schemas). */
import type { AuditAction, AuditOutcome } from '@secrets/core'

/** A secret in a listing: its latest version's metadata. */
export interface SecretSummary {
  name: string
  description: string | null
  version: number
  createdAt: string
  updatedAt: string
  updatedBy: string | null
}

/** A page of the listing. */
export interface ListPage {
  items: SecretSummary[]
  cursor: string | null
}

/** One version's metadata. */
export interface VersionInfo {
  version: number
  description: string | null
  createdAt: string
  createdBy: string | null
  previousExpiresAt: string | null
}

/** A secret and its versions, newest first. */
export interface SecretDetail extends SecretSummary {
  versions: VersionInfo[]
}

/** The result of a create or replace. */
export interface WriteResult {
  name: string
  version: number
}

/** The result of a rotation with a value. */
export interface RotateResult {
  mode: 'value' | 'rewrap'
  name: string
  version: number
}

/** One audit event. */
export interface AccessLogEvent {
  id: string
  time: string
  action: AuditAction
  outcome: AuditOutcome
  name: string | null
  version: number | null
  accessor: string | null
  reason: string | null
  errorCode?: string
  usedAt?: string[]
  count?: number
}

/** A page of a secret's access log. */
export interface AccessLogPage {
  items: AccessLogEvent[]
  cursor: string | null
}
