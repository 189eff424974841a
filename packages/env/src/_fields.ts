/**
 * The zod pieces the variable schemas are built from. Each carries its own
 * message, written without the value: messages say what a variable must
 * hold, never what it held (values can be keys, tokens, or URLs with passwords).
 * @module
 */
import { z } from 'zod'

/** Unset and the empty string both mean "not set". */
const unset = (value: unknown) => (value === '' ? undefined : value)

/** An optional string variable. */
export const optionalText = () => z.preprocess(unset, z.string().optional())

/** A required string variable. */
export const requiredText = (why: string) =>
  z.preprocess(unset, z.string({ error: `is not set: ${why}` }))

/** A URL of one of `schemes`; required (with the reason) or optional. */
export const url = (schemes: readonly string[], required?: string) => {
  const shape = z.string().regex(new RegExp(`^(?:${schemes.join('|')}):\\/\\/\\S+$`), {
    error: `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  })
  return z.preprocess(
    unset,
    required === undefined
      ? shape.optional()
      : z.string({ error: `is not set: ${required}` }).pipe(shape),
  )
}

/** A flag: 1/true or 0/false; unset is false. */
export const flag = () =>
  z.preprocess(
    unset,
    z
      .enum(['1', '0', 'true', 'false'], { error: 'must be 1 or 0' })
      .optional()
      .transform((v) => v === '1' || v === 'true'),
  )

/** Path segments such as `myapp/prod` (slashes at either end are dropped). */
export const pathPrefix = () =>
  z.preprocess(
    unset,
    z
      .string()
      .transform((v) => v.replace(/^\/+|\/+$/g, ''))
      .pipe(
        z.string().regex(/^(?:[A-Za-z0-9_+=.@-]+(?:\/[A-Za-z0-9_+=.@-]+)*)?$/, {
          error: 'must be /-separated segments of A-Z a-z 0-9 _ + = . @ -',
        }),
      )
      .optional(),
  )
