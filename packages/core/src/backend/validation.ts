/**
 * Boundary checks for names and values. They run before any I/O so that bad
 * input never reaches a backend.
 * @module
 */
import { InvalidNameError } from '../errors/invalid-name-error.js'
import { InvalidValueError } from '../errors/invalid-value-error.js'

/** Secret names: a letter, digit or `_`, then up to 254 of `A-Z a-z 0-9 _ . - /`. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,254}$/

const PLAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,254}$/

/** The default largest value, in UTF-8 bytes (64 KiB). */
export const DEFAULT_MAX_VALUE_BYTES = 64 * 1024

/**
 * Checks a secret name.
 * @throws {InvalidNameError} naming the rule that failed
 */
export function assertSecretName(name: unknown): asserts name is string {
  // The common case in one test: no dot and no slash, so no path rule applies.
  if (typeof name === 'string' && PLAIN_NAME.test(name)) return
  if (typeof name !== 'string')
    throw new InvalidNameError(`A secret name must be a string, got ${typeof name}`)
  const shown = JSON.stringify(name.slice(0, 64))
  if (!SECRET_NAME_PATTERN.test(name)) {
    throw new InvalidNameError(
      `Secret name ${shown} is invalid: use 1 to 255 of A-Z a-z 0-9 _ . - /, starting with a letter, digit or _`,
    )
  }
  if (name.endsWith('/') || name.includes('//')) {
    throw new InvalidNameError(
      `Secret name ${shown} is invalid: no empty path segment and no trailing /`,
    )
  }
  if (name.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw new InvalidNameError(`Secret name ${shown} is invalid: no "." or ".." path segment`)
  }
}

/**
 * Checks a value and returns its UTF-8 bytes.
 * @throws {InvalidValueError} with sizes only, never the value
 */
export function encodeSecretValue(value: unknown, maxBytes: number): Uint8Array {
  if (typeof value !== 'string')
    throw new InvalidValueError(
      `A secret value must be a string, got ${value === null ? 'null' : typeof value}`,
    )
  if (!value.isWellFormed())
    throw new InvalidValueError(
      'A secret value must be well-formed Unicode (it has a lone surrogate)',
    )
  // A string's UTF-8 form is at least as long as its length in code units / 1
  // and at most 3 bytes per unit: reject the obviously oversized before encoding.
  if (value.length > maxBytes) throw tooLarge(value.length, maxBytes)
  const bytes = new TextEncoder().encode(value)
  if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes)
  return bytes
}

function tooLarge(size: number, maxBytes: number): InvalidValueError {
  return new InvalidValueError(
    `A secret value must be at most ${maxBytes} bytes in UTF-8, got at least ${size}`,
  )
}
