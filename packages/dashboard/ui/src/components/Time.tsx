/** A time as "3 hours ago", the exact time on hover and for screen readers. */
import { exactTime, relativeTime } from '../time.js'

/** A `<time>` element showing `iso` relatively. */
export function Time({ iso }: { iso: string }) {
  const exact = exactTime(iso)
  return (
    <time dateTime={iso} title={exact}>
      {relativeTime(iso)}
    </time>
  )
}
