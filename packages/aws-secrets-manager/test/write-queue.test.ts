import { describe, expect, it } from 'vitest'
import { queueWrite } from '../src/_write-queue.js'

/** A write that starts when the queue runs it and ends when the test says so. */
function gatedWrite(log: string[], label: string) {
  let finish!: (ok: boolean) => void
  const write = () => {
    log.push(`start ${label}`)
    return new Promise<string>((resolve, reject) => {
      finish = (ok) => (ok ? resolve(label) : reject(new Error(`${label} failed`)))
    })
  }
  return { write, end: (ok = true) => finish(ok) }
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('queueWrite', () => {
  it('runs the writes of one secret one at a time, in call order, past failures', async () => {
    const client = {}
    const log: string[] = []
    const [a, b, c] = ['a', 'b', 'c'].map((label) => gatedWrite(log, label))
    const results = [a, b, c].map((w) => queueWrite(client, 'S', w!.write))
    const outcomes = Promise.allSettled(results)
    await settle()
    expect(log).toEqual(['start a'])
    a!.end()
    await settle()
    expect(log).toEqual(['start a', 'start b'])
    b!.end(false)
    await settle()
    expect(log).toEqual(['start a', 'start b', 'start c'])
    c!.end()
    expect((await outcomes).map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(await results[0]).toBe('a')
    await expect(results[1]).rejects.toThrow('b failed')
  })

  it('runs a write that throws before it awaits anything without blocking the next', async () => {
    const client = {}
    const first = queueWrite(client, 'S', () => {
      throw new Error('bad input')
    })
    await expect(first).rejects.toThrow('bad input')
    await expect(queueWrite(client, 'S', async () => 'next')).resolves.toBe('next')
  })

  it('does not make writes to other secrets, or through other clients, wait', async () => {
    const client = {}
    const log: string[] = []
    const held = gatedWrite(log, 'held')
    const writes = [
      queueWrite(client, 'S', held.write),
      queueWrite(client, 'T', gatedWrite(log, 'other name').write),
      queueWrite({}, 'S', gatedWrite(log, 'other client').write),
    ]
    await settle()
    expect(log).toEqual(['start held', 'start other name', 'start other client'])
    held.end()
    await expect(writes[0]).resolves.toBe('held')
  })
})
