/**
 * The base class of every error this library throws.
 *
 * Every error carries a stable `code` (switch on it, not on messages) and may
 * carry a `cause`. No message, `cause` or JSON form of any error ever contains
 * a secret value or key material: messages are written from names, ids and
 * counts only, and a driver error is attached as `cause` only by adapters
 * that know it cannot echo a value.
 */

const MARKER = Symbol.for('@secrets/core/error')

/** Stable codes of every error class, for `switch (err.code)`. */
export type SecretsErrorCode =
  | 'INVALID_MASTER_KEY'
  | 'DECRYPTION_FAILED'
  | 'UNKNOWN_KEY_ID'
  | 'INVALID_NAME'
  | 'INVALID_VALUE'
  | 'INVALID_SCOPE'
  | 'INVALID_ARGUMENT'
  | 'SECRET_NOT_FOUND'
  | 'MISSING_SECRETS'
  | 'CONFLICT'
  | 'AUDIT_FAILED'
  | 'BACKEND_ERROR'
  | 'INVALID_CONFIG'
  | 'ABORTED'
  | 'REKEY_INCOMPLETE'
  | 'UNSUPPORTED_OPERATION'

/** Options accepted by every error constructor. */
export interface SecretsErrorOptions {
  /** The underlying error, if any. Never an object that holds a secret value. */
  cause?: unknown
}

/**
 * Base class of every error thrown by `@secrets/*` packages.
 *
 * Use {@link SecretsError.isInstance} rather than `instanceof`: it also works
 * when two copies of the library are bundled into one program.
 *
 * @example
 * ```ts
 * try { await s.get('API_KEY', { accessor: 'job' }) }
 * catch (err) { if (SecretNotFoundError.isInstance(err)) … }
 * ```
 */
export class SecretsError<C extends SecretsErrorCode = SecretsErrorCode> extends Error {
  /** The code every instance of this class carries; overridden by subclasses. */
  static readonly code: SecretsErrorCode | undefined = undefined
  /** A stable, documented code: each subclass has its literal (`ConflictError['code']` is `'CONFLICT'`). */
  readonly code: C
  /** Marks instances across bundle copies. */
  readonly [MARKER] = true

  constructor(code: C, message: string, options: SecretsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
  }

  /**
   * Whether `value` is an error of this class (by its marker and code), even
   * when it was thrown by another copy of the library.
   * @param value anything caught
   * @returns true for an instance of this class or, on the base class, of any subclass
   */
  static isInstance<T extends SecretsError<SecretsErrorCode>>(
    this: { readonly code: SecretsErrorCode | undefined; prototype: T },
    value: unknown,
  ): value is T {
    if (typeof value !== 'object' || value === null) return false
    if ((value as Record<symbol, unknown>)[MARKER] !== true) return false
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass whose code is checked
    return this.code === undefined || (value as SecretsError).code === this.code
  }

  /** A JSON form with name, code and message only; never the cause's contents. */
  toJSON(): { name: string; code: C; message: string } {
    return { name: this.name, code: this.code, message: this.message }
  }
}
