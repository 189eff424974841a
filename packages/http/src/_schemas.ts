/**
 * The zod schemas the OpenAPI document is generated from, and that every
 * request and response body is checked against: one source, so the document
 * cannot drift from the code. Internal.
 * @module
 */
import { z } from '@hono/zod-openapi'
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, DEFAULT_MAX_VALUE_BYTES } from '@secrets/core'
import { ERROR_CODES } from './_error-codes.js'

/**
 * The store's naming rules as one regular expression (no look-around, so
 * fuzzers can generate from it): a letter, digit or `_` first; `/`-separated
 * segments of `A-Z a-z 0-9 _ . -`, none empty, none `.` or `..`.
 */
const SEGMENT = '(?:[A-Za-z0-9_.-]*[A-Za-z0-9_-][A-Za-z0-9_.-]*|\\.{3,})'
const NAME_PATTERN = new RegExp(`^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/${SEGMENT})*$`)

/** A secret's name. */
export const SecretName = z.string().min(1).max(255).regex(NAME_PATTERN).openapi({
  description:
    'A secret name: 1 to 255 of `A-Z a-z 0-9 _ . - /`, starting with a letter, digit or `_`, with no empty, `.` or `..` segment. In a path it is one percent-encoded segment (`/` as `%2F`).',
  example: 'stripe/api-key',
})

/** The `{name}` path parameter. */
export const NameParams = z.object({
  name: SecretName.openapi({ param: { name: 'name', in: 'path' } }),
})

/** A name in a response (the store has checked it already). */
const StoredName = z.string()

/** A secret value: a string of at most 64 KiB in UTF-8 (the store checks the bytes). */
export const SecretValue = z
  .string()
  .max(DEFAULT_MAX_VALUE_BYTES)
  .openapi({
    description: `The value: a string of at most ${DEFAULT_MAX_VALUE_BYTES} bytes in UTF-8 (or the store's maxValueBytes).`,
  })

const Description = z.string().max(1024).openapi({ description: 'Free text (never the value).' })
const Version = z.number().int().min(1).openapi({ example: 3 })
const Time = z.iso.datetime().openapi({ example: '2026-01-31T12:00:00.000Z' })

/** A page cursor, as a previous page returned it. */
export const Cursor = z.string().min(1).max(4096).openapi({
  description: 'The `cursor` of the previous page (opaque).',
})

/** The error body of every failure. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().openapi({ description: 'What went wrong; never a value.' }),
    }),
  })
  .openapi('Error')

/** Body of `POST /`. */
export const CreateBody = z
  .strictObject({ name: SecretName, value: SecretValue, description: Description.optional() })
  .openapi('CreateSecret')

/** Body of `PUT /{name}`. */
export const ReplaceBody = z
  .strictObject({ value: SecretValue, description: Description.optional() })
  .openapi('ReplaceSecret')

/** Body of `POST /{name}/rotate`: a new value, or nothing (rewrap under the primary key). */
export const RotateBody = z
  .union([
    z.strictObject({
      value: SecretValue,
      overlapSeconds: z.number().int().min(0).max(31_536_000).optional().openapi({
        description:
          "How long the previous version stays valid, in seconds (default: the store's rotationOverlapMs).",
      }),
    }),
    z.strictObject({}),
  ])
  .openapi('RotateSecret')

/** A write's result. */
export const WriteResult = z.object({ name: StoredName, version: Version }).openapi('WriteResult')

/** The result of a rotation. */
export const RotateResult = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('value'), name: StoredName, version: Version }),
    z.object({
      mode: z.literal('rewrap'),
      name: StoredName,
      version: Version,
      versions: z.number().int().min(1).openapi({ description: 'Versions looked at.' }),
      rewrapped: z.number().int().min(0).openapi({
        description: 'Versions whose data key was rewrapped under the primary key.',
      }),
    }),
  ])
  .openapi('RotateResult')

/** A secret in a listing: its latest version's metadata. */
export const SecretSummary = z
  .object({
    name: StoredName,
    description: z.string().nullable(),
    version: Version,
    createdAt: Time,
    updatedAt: Time.openapi({ description: 'When the latest version was written (last rotated).' }),
    updatedBy: z.string().nullable(),
  })
  .openapi('SecretSummary')

/** A page of the listing. */
export const ListPage = z
  .object({ items: z.array(SecretSummary), cursor: z.string().nullable() })
  .openapi('SecretList')

/** Query of `GET /`. */
export const ListQuery = z.object({
  prefix: z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9_.\-/]*$/)
    .optional()
    .openapi({ description: 'Only names starting with this.' }),
  limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ example: 100 }),
  cursor: Cursor.optional(),
})

/** One version's metadata. */
export const VersionInfo = z
  .object({
    version: Version,
    description: z.string().nullable(),
    createdAt: Time,
    createdBy: z.string().nullable(),
    previousExpiresAt: Time.nullable().openapi({
      description: 'Set by a rotation: until then the version before this one stays valid.',
    }),
  })
  .openapi('VersionInfo')

/** `GET /{name}`: the secret's metadata and every version's, newest first. */
export const SecretDetail = SecretSummary.extend({ versions: z.array(VersionInfo) }).openapi(
  'SecretDetail',
)

/** Query of `GET /{name}/access-log`. */
export const AccessLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ example: 50 }),
  cursor: Cursor.optional(),
  // One value, repeated values and comma-separated values all become an array.
  outcome: z
    .preprocess(
      (v: unknown) =>
        typeof v === 'string' || Array.isArray(v)
          ? [v].flat().flatMap((s: unknown) => (typeof s === 'string' ? s.split(',') : [s]))
          : v,
      z.array(z.enum(AUDIT_OUTCOMES)).min(1),
    )
    .optional()
    .openapi({
      description:
        'Only events that ended this way: repeat the parameter (`outcome=not_found&outcome=error`) or separate outcomes with commas (`outcome=not_found,error`).',
      param: { style: 'form', explode: true },
      example: ['not_found', 'error'],
    }),
})

/** One audit event as the access log keeps it. */
export const AccessLogEvent = z
  .object({
    id: z.string(),
    time: Time,
    action: z.enum(AUDIT_ACTIONS),
    outcome: z.enum(AUDIT_OUTCOMES),
    scope: z.record(z.string(), z.string()),
    name: z.string().nullable(),
    version: z.number().int().nullable(),
    accessor: z.string().nullable(),
    reason: z.string().nullable(),
    errorCode: z.string().optional(),
    usedAt: z.array(z.string()).optional(),
    count: z.number().int().optional(),
  })
  .openapi('AccessLogEvent')

/** A page of a secret's access log, newest first. */
export const AccessLogPage = z
  .object({ items: z.array(AccessLogEvent), cursor: z.string().nullable() })
  .openapi('AccessLogPage')

/** Query of `GET /{name}/value`. */
export const ValueQuery = z.object({
  reason: z.string().min(1).max(1024).openapi({ description: 'Why, for the audit trail.' }),
  version: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().openapi({
    description: 'A version number; the latest when absent.',
  }),
})

/** `GET /{name}/value`. */
export const ValueResult = z
  .object({ name: StoredName, version: Version, value: z.string() })
  .openapi('SecretValue')

/** The `If-Match` header (RFC 9110): `*` or entity tags; this API's are `"<version>"`. */
export const IfMatchHeaders = z.object({
  'if-match': z.string().max(1024).optional().openapi({
    description:
      'Compare-and-set (RFC 9110): `"<version>"` (the ETag of a response), a list of them, or `*` (exists). The write fails with 412 unless the latest version matches.',
    example: '"3"',
  }),
})
