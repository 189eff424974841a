import { describe, expect, it } from 'vitest'
import * as core from '../src/index.js'
import {
  ConflictError,
  DecryptionError,
  MissingSecretError,
  SecretNotFoundError,
  SecretsError,
} from '../src/index.js'

const errorClasses = Object.values(core).filter(
  (v): v is typeof SecretsError => typeof v === 'function' && v.prototype instanceof SecretsError,
)

describe('SecretsError', () => {
  it('exports one class per code, each with a distinct stable code', () => {
    const codes = errorClasses.map((c) => c.code)
    expect(errorClasses.length).toBeGreaterThanOrEqual(12)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes) expect(code).toMatch(/^[A-Z_]+$/)
  })

  it('isInstance works across bundle copies, by marker and code', () => {
    const err = new DecryptionError('bad')
    const copy = Object.assign(Object.create(Error.prototype), {
      code: 'DECRYPTION_FAILED',
      [Symbol.for('@secrets/core/error')]: true,
    })
    expect(DecryptionError.isInstance(err)).toBe(true)
    expect(DecryptionError.isInstance(copy)).toBe(true)
    expect(SecretsError.isInstance(copy)).toBe(true)
    expect(ConflictError.isInstance(err)).toBe(false)
    expect(SecretsError.isInstance(new Error('x'))).toBe(false)
    expect(SecretsError.isInstance(null)).toBe(false)
  })

  it('keeps name, code and cause, and serialises without the cause', () => {
    const cause = new Error('driver said: value=hunter2')
    const err = new core.BackendError('query failed', { cause })
    expect(err.name).toBe('BackendError')
    expect(err.cause).toBe(cause)
    expect(err).toBeInstanceOf(Error)
    expect(JSON.stringify(err)).toBe(
      '{"name":"BackendError","code":"BACKEND_ERROR","message":"query failed"}',
    )
  })

  it('carries structured detail on not-found and missing-secrets errors', () => {
    const nf = new SecretNotFoundError('API_KEY', 3)
    expect(nf.secretName).toBe('API_KEY')
    expect(nf.message).toContain('Version 3')
    const missing = new MissingSecretError([{ name: 'A', paths: ['x.y', 'z[0]'] }])
    expect(missing.missing[0]!.paths).toEqual(['x.y', 'z[0]'])
    expect(missing.message).toContain('A (at x.y, z[0])')
    expect(JSON.parse(JSON.stringify(missing)).missing).toHaveLength(1)
  })
})
