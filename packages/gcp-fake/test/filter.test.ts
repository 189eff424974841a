import { describe, expect, it } from 'vitest'
import { compileFilter, type FilterSchema } from '../src/filter.js'

interface Row {
  name: string
  labels: Record<string, string>
}

const schema: FilterSchema<Row> = (field) => {
  if (field === 'name') return { type: 'string', get: (r) => [r.name] }
  if (field.startsWith('labels.')) {
    const key = field.slice(7)
    return { type: 'string', get: (r) => (key in r.labels ? [r.labels[key]!] : []) }
  }
  return undefined
}

const rows: Row[] = [
  { name: 'a', labels: { x: '1' } },
  { name: 'b', labels: { x: '2', y: '1' } },
  { name: 'c', labels: {} },
]
const names = (filter: string) =>
  rows
    .filter(compileFilter(filter, schema))
    .map((r) => r.name)
    .join(',')

describe('compileFilter', () => {
  it('binds OR tighter than AND, as AIP-160 does', () => {
    // a AND b OR c  ==  a AND (b OR c)
    expect(names('labels.x:* AND labels.y:* OR name=c')).toBe('b')
    expect(names('(labels.x:* AND labels.y:*) OR name=c')).toBe('b,c')
  })

  it('treats = as a whole match and : as a substring match, * as a wildcard', () => {
    expect(names('labels.x=1')).toBe('a')
    expect(names('name=*')).toBe('a,b,c')
    expect(names('labels.x:*')).toBe('a,b')
    expect(names('labels.x!=1')).toBe('b,c')
  })

  it('matches everything when empty and refuses unknown fields', () => {
    expect(names('   ')).toBe('a,b,c')
    expect(() => names('other=1')).toThrow(/unsupported field/)
    expect(() => names('name=a)')).toThrow(/unexpected/)
    expect(() => names('name<a')).toThrow(/not supported/)
  })
})
