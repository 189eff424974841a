/** A secret's access log: who did what, when, why and how it ended; failures stand out. */

import { AUDIT_OUTCOMES, type AuditOutcome } from '@secrets/core'
import { useState } from 'preact/hooks'
import { readAccessLog } from '../api.js'
import { useRequest } from '../use-request.js'
import { ErrorNote } from './Feedback.js'
import { Pager, usePages } from './Pager.js'
import { Time } from './Time.js'

const PAGE_SIZE = 50
const FAILURES = AUDIT_OUTCOMES.filter((outcome) => outcome !== 'success')
/** The filter's choices: all, every failure, or one outcome. */
const FILTERS: Record<string, readonly AuditOutcome[] | undefined> = {
  all: undefined,
  failures: FAILURES,
  ...Object.fromEntries(AUDIT_OUTCOMES.map((outcome) => [outcome, [outcome]])),
}
const FILTER_LABELS: Record<string, string> = {
  all: 'All outcomes',
  failures: 'Failures only',
  success: 'Success',
  not_found: 'Not found',
  conflict: 'Conflict',
  decryption_failed: 'Decryption failed',
  error: 'Error',
}

interface AccessLogProps {
  name: string
  /** Changes whenever the secret was written, to load the newest events. */
  revision: number
}

/** The access-log section of a secret's page. */
export function AccessLog({ name, revision }: AccessLogProps) {
  const [filter, setFilter] = useState('all')
  const pages = usePages(`${filter} ${revision}`)
  const outcome = FILTERS[filter]
  const log = useRequest(
    () =>
      readAccessLog(name, {
        limit: PAGE_SIZE,
        ...(pages.cursor ? { cursor: pages.cursor } : {}),
        ...(outcome ? { outcome } : {}),
      }),
    [name, filter, revision, pages.cursor],
  )
  const items = log.data?.items
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">Access log</h2>
      <div class="filters">
        <div class="field">
          <label for="outcome">Outcome</label>
          <select
            id="outcome"
            value={filter}
            onChange={(event) => setFilter((event.currentTarget as HTMLSelectElement).value)}
          >
            {Object.keys(FILTERS).map((key) => (
              <option key={key} value={key}>
                {FILTER_LABELS[key]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNote error={log.error} doing="log" />
      <p class="status-line" aria-live="polite">
        {log.loading ? 'Loading…' : items?.length === 0 ? 'No events match.' : ''}
      </p>
      {items && items.length > 0 && (
        <div class="table-wrap">
          <table class="access-log" aria-busy={log.loading}>
            <caption class="visually-hidden">Access log of {name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Action</th>
                <th scope="col">Accessor</th>
                <th scope="col">Reason</th>
                <th scope="col">Outcome</th>
                <th scope="col">Used at</th>
              </tr>
            </thead>
            <tbody>
              {items.map((event) => (
                <tr key={event.id} class={event.outcome === 'success' ? undefined : 'failure'}>
                  <td data-label="Time">
                    <Time iso={event.time} />
                  </td>
                  <td data-label="Action">
                    {event.action}
                    {event.version === null ? '' : ` v${event.version}`}
                  </td>
                  <td data-label="Accessor">{event.accessor ?? '—'}</td>
                  <td data-label="Reason">{event.reason ?? '—'}</td>
                  <td data-label="Outcome">
                    <span class={`outcome outcome-${event.outcome}`}>
                      {FILTER_LABELS[event.outcome]}
                      {event.outcome === 'error' && event.errorCode ? ` (${event.errorCode})` : ''}
                    </span>
                  </td>
                  <td data-label="Used at">{event.usedAt?.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        pages={pages}
        nextCursor={log.data?.cursor}
        label="Pages of the access log"
        previousText="Newer events"
        nextText="Older events"
      />
    </section>
  )
}
