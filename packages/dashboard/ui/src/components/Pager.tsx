/** Keyset paging: the API gives the next page's cursor; the pages seen are kept for Back. */
import { useState } from 'preact/hooks'

/**
 * The cursors of the pages up to the current one (`undefined`: the first
 * page). A new `query` (another filter) starts again from the first page in
 * the same render, so no cursor is ever sent with a query it was not made for.
 */
export function usePages(query: string) {
  const [state, setState] = useState<{ query: string; stack: (string | undefined)[] }>({
    query,
    stack: [undefined],
  })
  const stack = state.query === query ? state.stack : [undefined]
  return {
    cursor: stack.at(-1),
    index: stack.length - 1,
    next: (cursor: string) => setState({ query, stack: [...stack, cursor] }),
    previous: () => setState({ query, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
  }
}

interface PagerProps {
  pages: ReturnType<typeof usePages>
  /** The next page's cursor from the API, null on the last page. */
  nextCursor: string | null | undefined
  label: string
  previousText: string
  nextText: string
}

/** Back and Next buttons for a keyset-paged list. */
export function Pager({ pages, nextCursor, label, previousText, nextText }: PagerProps) {
  if (pages.index === 0 && !nextCursor) return null
  return (
    <nav class="pager" aria-label={label}>
      <button
        type="button"
        class="button"
        disabled={pages.index === 0}
        onClick={() => pages.previous()}
      >
        {previousText}
      </button>
      <span>Page {pages.index + 1}</span>
      <button
        type="button"
        class="button"
        disabled={!nextCursor}
        onClick={() => nextCursor && pages.next(nextCursor)}
      >
        {nextText}
      </button>
    </nav>
  )
}
