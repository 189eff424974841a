/**
 * The checks of the access-log suite: what the sink keeps of an odd event,
 * and every bad query or event rejected before any statement. Internal to
 * `@secrets/core/testing`.
 * @module
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error.js'
import { InvalidScopeError } from '../errors/invalid-scope-error.js'
import type { AccessLogKit } from './_access-log-kit.js'
import { describe, expect, it } from './_vitest.js'
import { accessLogEvent as event } from './access-log-event.js'

/** A cursor as sinks encode them (base64url of JSON), holding `value`. */
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Registers the checks. */
export function accessLogChecks(kit: AccessLogKit): void {
  describe('checks', () => {
    it('stores NUL as U+FFFD and cuts an over-long (invalid) name', async () => {
      await kit.sink.write([
        event(0, { scope: { tenant: 'odd' }, name: 'N'.repeat(300), accessor: 'a\0b' }),
      ])
      const [item] = (await kit.sink.query({ scope: { tenant: 'odd' } })).items
      expect(item!.name).toBe('N'.repeat(255))
      expect(item!.accessor).toBe('a\uFFFDb')
    })

    it('rejects a bad query or event before any statement', async () => {
      const scope = { tenant: 'log' }
      await kit.sink.write(Array.from({ length: 3 }, (_, i) => event(i)))
      const { cursor: scopeCursor } = await kit.sink.query({ scope, limit: 1 })
      expect(scopeCursor).toEqual(expect.any(String))
      await kit.expectNoStatements(async () => {
        for (const limit of [0, 1001, 1.5]) {
          await expect(kit.sink.query({ scope, limit })).rejects.toBeInstanceOf(
            InvalidArgumentError,
          )
        }
        const cursors = [
          '',
          'not-a-cursor',
          cursorOf('abc'),
          cursorOf('0'),
          // Well formed, but with an id this store never makes.
          ...kit.foreignIds.map((id) => cursorOf([id, null])),
        ]
        for (const cursor of cursors) {
          await expect(kit.sink.query({ scope, cursor })).rejects.toBeInstanceOf(
            InvalidArgumentError,
          )
        }
        // Not a name: MySQL's binary collation would match 'NAME_1   ' to 'NAME_1';
        // an object would be a MongoDB operator.
        for (const name of ['', 'NAME_1   ', '../x', { $ne: null }]) {
          await expect(kit.sink.query({ scope, name: name as string })).rejects.toMatchObject({
            code: 'INVALID_NAME',
          })
        }
        // A cursor only continues the query it came from.
        await expect(
          kit.sink.query({ scope, name: 'NAME_1', cursor: scopeCursor as string }),
        ).rejects.toBeInstanceOf(InvalidArgumentError)
        await expect(kit.sink.write([{ ...event(0), version: 2 ** 53 }])).rejects.toBeInstanceOf(
          InvalidArgumentError,
        )
        await expect(
          kit.sink.write([{ ...event(0), time: new Date(Number.NaN) }]),
        ).rejects.toBeInstanceOf(InvalidArgumentError)
        await expect(kit.sink.query({ scope: { Tenant: 'x' } })).rejects.toBeInstanceOf(
          InvalidScopeError,
        )
      })
    })
  })
}
