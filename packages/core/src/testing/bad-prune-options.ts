/**
 * The prune options the access-log suite expects to be rejected, for an
 * adapter's tests of its standalone prune function.
 * @module
 */

/**
 * Prune options every access-log sink rejects with `InvalidArgumentError`
 * before any statement: none at all, no `before`, a `before` that is an
 * invalid Date, epoch milliseconds or a string, a `batchSize` of 0, over
 * 10,000 or fractional, and an `accessor` or `reason` that is not a string.
 * @param before a valid cut-off, which the options with another bad field use
 * @example
 * ```ts
 * for (const options of badPruneOptions(new Date())) {
 *   await expect(pruneAccessLog(db, { ...(options as object) } as never)).rejects.toBeInstanceOf(InvalidArgumentError)
 * }
 * ```
 */
export function badPruneOptions(before: Date): readonly unknown[] {
  return [
    undefined,
    {},
    { before: new Date(Number.NaN) },
    { before: before.getTime() },
    { before: before.toISOString().slice(0, 10) },
    { before, batchSize: 0 },
    { before, batchSize: 10_001 },
    { before, batchSize: 1.5 },
    { before, accessor: 42 },
    { before, reason: {} },
  ]
}
