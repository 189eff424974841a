/**
 * The page's two places, in the URL's fragment (never sent to the server):
 * `#/?prefix=…&limit=…` (the list) and `#/secret/<name>` (one secret). The
 * fragment only ever holds names and list options, never a value.
 */
import { useEffect, useState } from 'preact/hooks'

/** Where the page is. */
export type Route =
  | { page: 'list'; prefix: string; limit: number }
  | { page: 'secret'; name: string }

/** Rows per page the list offers. */
export const PAGE_SIZES = [50, 200, 1000] as const

function parse(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?')
  const secret = /^\/secret\/(.+)$/.exec(path)
  if (secret?.[1]) {
    try {
      return { page: 'secret', name: decodeURIComponent(secret[1]) }
    } catch {
      // a malformed escape: fall through to the list
    }
  }
  const params = new URLSearchParams(search)
  const limit = Number(params.get('limit'))
  return {
    page: 'list',
    prefix: params.get('prefix') ?? '',
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : PAGE_SIZES[0],
  }
}

/** The fragment of a route. */
export function href(route: Route): string {
  if (route.page === 'secret') return `#/secret/${encodeURIComponent(route.name)}`
  const params = new URLSearchParams()
  if (route.prefix) params.set('prefix', route.prefix)
  if (route.limit !== PAGE_SIZES[0]) params.set('limit', String(route.limit))
  const search = params.toString()
  return search ? `#/?${search}` : '#/'
}

/** Goes to a route; `replace` keeps the history entry (for typing in a filter). */
export function navigate(route: Route, replace = false): void {
  const target = href(route)
  if (replace) history.replaceState(null, '', target)
  else location.hash = target
  if (replace) dispatchEvent(new HashChangeEvent('hashchange'))
}

/** The current route, updated on every change of the fragment. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(location.hash))
  useEffect(() => {
    const update = () => setRoute(parse(location.hash))
    addEventListener('hashchange', update)
    return () => removeEventListener('hashchange', update)
  }, [])
  return route
}
