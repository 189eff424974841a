/**
 * The variables every configuration shares (audit, cache, NODE_ENV), as a
 * zod schema, and the duration syntax of `SECRETS_CACHE_TTL`.
 * @module
 */
import { z } from 'zod'
import { flag, optionalText } from './_fields.js'

/** Where audit events go. */
export type AuditTarget =
  | { kind: 'table' }
  | { kind: 'stderr' }
  | { kind: 'file'; path: string }
  | { kind: 'off' }

const auditEntry = z.union(
  [
    z.literal('table').transform((): AuditTarget => ({ kind: 'table' })),
    z.literal('stderr').transform((): AuditTarget => ({ kind: 'stderr' })),
    z.literal('off').transform((): AuditTarget => ({ kind: 'off' })),
    z
      .string()
      .regex(/^file:.+$/)
      .transform((v): AuditTarget => ({ kind: 'file', path: v.slice(5) })),
  ],
  { error: 'must be a comma list of table, stderr, file:PATH, or off' },
)

const DURATION = /^(\d{1,9})(ms|s|m|h)?$/
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const
const MAX_TTL_MS = 24 * 3_600_000

/** The shared variables. */
export const commonVariables = z.object({
  NODE_ENV: optionalText(),
  SECRETS_AUDIT: optionalText().pipe(
    z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()))
      .pipe(z.array(auditEntry))
      .refine((targets) => targets.length === 1 || !targets.some((t) => t.kind === 'off'), {
        error: '"off" cannot be combined with other targets',
      })
      .optional(),
  ),
  SECRETS_AUDIT_ALLOW_OFF: flag(),
  SECRETS_CACHE_TTL: optionalText().pipe(
    z
      .string()
      .regex(DURATION, {
        error: 'must be a duration such as 30s, 5m or 500ms (0 turns the cache off)',
      })
      .transform((v) => {
        const [, amount, unit = 'ms'] = DURATION.exec(v)!
        return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]
      })
      .refine((ms) => ms <= MAX_TTL_MS, { error: 'must be at most 24h' })
      .optional(),
  ),
})
