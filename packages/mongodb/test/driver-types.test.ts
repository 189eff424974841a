/**
 * The structural driver types accept a `Db` of both driver majors without a
 * cast. Checked by the type checker (`pnpm typecheck`); at run time only the
 * shape of a real handle is compared.
 */
import type { Db as Db7 } from 'mongodb'
import { MongoClient } from 'mongodb'
import type { Db as Db6 } from 'mongodb6'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { MongoCollection, MongoDatabase } from '../src/index.js'

describe('the structural driver types', () => {
  it('accept a Db and a Collection of driver 6 and of driver 7', () => {
    expectTypeOf<Db7>().toExtend<MongoDatabase>()
    expectTypeOf<Db6>().toExtend<MongoDatabase>()
    expectTypeOf<ReturnType<Db7['collection']>>().toExtend<MongoCollection>()
    expectTypeOf<ReturnType<Db6['collection']>>().toExtend<MongoCollection>()
  })

  it('name methods a real collection has', () => {
    const collection = new MongoClient('mongodb://127.0.0.1:9').db('x').collection('y')
    const methods: Array<keyof MongoCollection> = [
      'findOne',
      'find',
      'aggregate',
      'insertOne',
      'insertMany',
      'updateOne',
      'bulkWrite',
      'deleteOne',
      'deleteMany',
      'createIndexes',
      'listIndexes',
    ]
    for (const method of methods) expect(typeof collection[method], method).toBe('function')
  })
})
