/**
 * AWS secret names from (scope, name): the core's path naming (see
 * `compilePathNaming` in @secrets/core, which proves the mapping injective)
 * with AWS's name characters and its 512-character limit.
 * @module
 */
import { compilePathNaming, DEFAULT_PATH_TEMPLATE, type PathNaming } from '@secrets/core'

/** The longest secret name AWS accepts. */
export const MAX_AWS_NAME_LENGTH = 512
/** The default template: every scope segment as `key=value`, then the name. */
export const DEFAULT_NAME_TEMPLATE = DEFAULT_PATH_TEMPLATE

/** Compiled naming rules of one backend: `path` is the AWS secret name. */
export type NameMapper = PathNaming

/**
 * Compiles and checks a prefix and a name template for AWS names (segments
 * of A-Z a-z 0-9 `_ + . @ -`; `=` only in prefixes).
 * @throws {InvalidArgumentError} naming what is wrong with either
 */
export function compileNameMapper(prefix: string, template: string): NameMapper {
  return compilePathNaming(prefix, template, {
    service: 'AWS',
    literalChars: 'A-Za-z0-9_+.@-',
    maxLength: MAX_AWS_NAME_LENGTH,
  })
}
