import { invalid } from './errors.js'

/**
 * The `filter` of ListSecrets and ListSecretVersions: a subset of the List-operation
 * filtering language (https://cloud.google.com/secret-manager/docs/filtering, AIP-160).
 *
 * Terms are `field:value`, `field=value`, `field!=value` and `<`, `<=`, `>`, `>=` on
 * timestamps; `field:*` asks that the field be present. Terms combine with `AND` (or plain
 * whitespace), `OR` (binding tighter than AND, as AIP-160 says), `NOT` or a leading `-`,
 * and parentheses. On strings `:` is a substring match and `=` a whole match, both
 * case-sensitive, `*` matching any run of characters. Enum values (`state`) compare
 * case-insensitively. Fields the fake does not know are INVALID_ARGUMENT, not ignored.
 */

/** How a filterable field is read from a resource. */
export interface FieldAccessor<R> {
  type: 'string' | 'enum' | 'time' | 'object'
  /** The field's values (several for repeated fields); empty when absent. */
  get(resource: R): (string | number)[]
}

/** Maps a field path (e.g. `labels.env`) to its accessor, or undefined when unsupported. */
export type FilterSchema<R> = (field: string) => FieldAccessor<R> | undefined

/** A compiled filter. */
export type Predicate<R> = (resource: R) => boolean

type Op = ':' | '=' | '!=' | '<' | '<=' | '>' | '>='
const OPS: Op[] = ['<=', '>=', '!=', ':', '=', '<', '>']
const FIELD = /^[\p{L}\p{N}_.-]+/u

function globRegExp(pattern: string, anchored: boolean): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(anchored ? `^${body}$` : body, 'su')
}

class Parser<R> {
  private pos = 0
  constructor(
    private readonly text: string,
    private readonly schema: FilterSchema<R>,
  ) {}

  parse(): Predicate<R> {
    const predicate = this.and()
    this.ws()
    if (this.pos < this.text.length) this.fail(`unexpected [${this.text.slice(this.pos)}]`)
    return predicate
  }

  private fail(reason: string): never {
    throw invalid(`Invalid filter [${this.text}]: ${reason}.`)
  }

  private ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++
  }

  private keyword(word: string): boolean {
    this.ws()
    const after = this.text[this.pos + word.length]
    if (this.text.startsWith(word, this.pos) && (after === undefined || /[\s(]/.test(after))) {
      this.pos += word.length
      return true
    }
    return false
  }

  private and(): Predicate<R> {
    const items = [this.or()]
    for (;;) {
      this.ws()
      if (this.pos >= this.text.length || this.text[this.pos] === ')') break
      this.keyword('AND')
      items.push(this.or())
    }
    return items.length === 1 ? items[0]! : (r) => items.every((p) => p(r))
  }

  private or(): Predicate<R> {
    const items = [this.unary()]
    while (this.keyword('OR')) items.push(this.unary())
    return items.length === 1 ? items[0]! : (r) => items.some((p) => p(r))
  }

  private unary(): Predicate<R> {
    if (this.keyword('NOT')) {
      const inner = this.unary()
      return (r) => !inner(r)
    }
    this.ws()
    if (this.text[this.pos] === '-') {
      this.pos++
      const inner = this.unary()
      return (r) => !inner(r)
    }
    if (this.text[this.pos] === '(') {
      this.pos++
      const inner = this.and()
      this.ws()
      if (this.text[this.pos] !== ')') this.fail('missing )')
      this.pos++
      return inner
    }
    return this.restriction()
  }

  private restriction(): Predicate<R> {
    const field = FIELD.exec(this.text.slice(this.pos))?.[0]
    if (!field) this.fail(`expected a field at [${this.text.slice(this.pos)}]`)
    this.pos += field.length
    this.ws()
    const op = OPS.find((o) => this.text.startsWith(o, this.pos))
    if (!op) this.fail(`[${field}] needs an operator (bare values are not supported)`)
    this.pos += op.length
    this.ws()
    const value = this.value()
    const accessor = this.schema(field)
    if (!accessor) this.fail(`unsupported field [${field}]`)
    return this.compare(field, accessor, op, value)
  }

  private value(): string {
    const text = this.text
    if (text[this.pos] === '"') {
      let out = ''
      this.pos++
      while (this.pos < text.length && text[this.pos] !== '"') {
        if (text[this.pos] === '\\') this.pos++
        out += text[this.pos] ?? ''
        this.pos++
      }
      if (text[this.pos] !== '"') this.fail('unterminated string')
      this.pos++
      return out
    }
    if (text[this.pos] === '(') this.fail('value lists are not supported')
    const start = this.pos
    while (this.pos < text.length && !/[\s()]/.test(text[this.pos]!)) this.pos++
    if (this.pos === start) this.fail('missing value')
    return text.slice(start, this.pos)
  }

  private compare(field: string, acc: FieldAccessor<R>, op: Op, value: string): Predicate<R> {
    if (op === ':' && value === '*') return (r) => acc.get(r).length > 0
    const unsupported = (): never => this.fail(`operator [${op}] is not supported on [${field}]`)
    if (acc.type === 'object') return unsupported()
    if (acc.type === 'time') {
      const t = Date.parse(value)
      if (Number.isNaN(t)) this.fail(`[${value}] is not a timestamp`)
      const test = timeTest(op) ?? unsupported()
      return (r) => acc.get(r).some((v) => test(Number(v), t))
    }
    if (op !== ':' && op !== '=' && op !== '!=') return unsupported()
    let matches: (v: string) => boolean
    if (acc.type === 'enum') {
      matches = (v) => v.toUpperCase() === value.toUpperCase()
    } else {
      const re = globRegExp(value, op !== ':')
      matches = (v) => re.test(v)
    }
    if (op === '!=') return (r) => !acc.get(r).some((v) => matches(String(v)))
    return (r) => acc.get(r).some((v) => matches(String(v)))
  }
}

function timeTest(op: Op): ((a: number, b: number) => boolean) | undefined {
  switch (op) {
    case '<':
      return (a, b) => a < b
    case '<=':
      return (a, b) => a <= b
    case '>':
      return (a, b) => a > b
    case '>=':
      return (a, b) => a >= b
    case '=':
      return (a, b) => a === b
    case '!=':
      return (a, b) => a !== b
    default:
      return undefined
  }
}

/** Compiles `filter` against `schema`; an empty filter matches everything. */
export function compileFilter<R>(filter: string, schema: FilterSchema<R>): Predicate<R> {
  if (filter.trim() === '') return () => true
  return new Parser(filter, schema).parse()
}
