import { invalid } from './errors.js'

/** Largest page ListSecrets/ListSecretVersions return: page_size is capped at 25000. */
export const MAX_PAGE_SIZE = 25_000

/** One page of `items` and the token for the next, if any. */
export interface Page<T> {
  items: T[]
  nextPageToken: string
}

interface Cursor {
  /** What the listing was of: parent and filter, so a token cannot be reused elsewhere. */
  scope: string
  /** Key of the last item returned. */
  after: string
}

const encode = (cursor: Cursor): string =>
  Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url')

function decode(token: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor
    if (typeof cursor.scope === 'string' && typeof cursor.after === 'string') return cursor
  } catch {
    // fall through
  }
  throw invalid(`Invalid page_token [${token}].`)
}

/**
 * Cuts a page from `sorted` (already in listing order): items after the token's key,
 * at most `pageSize` (0 means `defaultSize`; negative is INVALID_ARGUMENT; capped at 25000).
 * Tokens hold the last key rather than an offset, so deletions between pages skip nothing.
 */
export function paginate<T>(
  sorted: T[],
  key: (item: T) => string,
  isAfter: (itemKey: string, cursorKey: string) => boolean,
  request: { page_size: number; page_token: string; scope: string; defaultSize: number },
): Page<T> {
  if (request.page_size < 0) throw invalid(`page_size must not be negative.`)
  const size = Math.min(request.page_size || request.defaultSize, MAX_PAGE_SIZE)
  let start = 0
  if (request.page_token) {
    const cursor = decode(request.page_token)
    if (cursor.scope !== request.scope) {
      throw invalid(`page_token [${request.page_token}] does not belong to this request.`)
    }
    start = sorted.findIndex((item) => isAfter(key(item), cursor.after))
    if (start < 0) start = sorted.length
  }
  const items = sorted.slice(start, start + size)
  const more = start + size < sorted.length && items.length > 0
  const last = items[items.length - 1]
  const nextPageToken =
    more && last !== undefined ? encode({ scope: request.scope, after: key(last) }) : ''
  return { items, nextPageToken }
}
