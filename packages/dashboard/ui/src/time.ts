/** Times as a person reads them: "3 hours ago", the exact time on hover. */

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' })
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
]

/** "5 minutes ago", "in 2 days", "now". */
export function relativeTime(iso: string, now = Date.now()): string {
  const delta = Date.parse(iso) - now
  for (const [unit, ms] of UNITS)
    if (Math.abs(delta) >= ms) return relative.format(Math.round(delta / ms), unit)
  return relative.format(0, 'second')
}

/** The exact local time, with its zone. */
export function exactTime(iso: string): string {
  return exact.format(new Date(iso))
}
