/** A secret's access log: who did what, when, why and how it ended; failures stand out. */

import { AUDIT_OUTCOMES, type AuditOutcome } from '@secrets/core'
import { useState } from 'preact/hooks'
import { readAccessLog } from '../api.js'
import type { AccessLogEvent } from '../api-types.js'
import { useRequest } from '../use-request.js'
import { type Column, DataTable } from './DataTable.js'
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

const COLUMNS: readonly Column<AccessLogEvent>[] = [
  { label: 'Time', cell: (event) => <Time iso={event.time} /> },
  {
    label: 'Action',
    cell: (event) => `${event.action}${event.version === null ? '' : ` v${event.version}`}`,
  },
  { label: 'Accessor', cell: (event) => event.accessor ?? '—' },
  { label: 'Reason', cell: (event) => event.reason ?? '—' },
  {
    label: 'Outcome',
    cell: (event) => (
      <span class={`outcome outcome-${event.outcome}`}>
        {FILTER_LABELS[event.outcome]}
        {event.outcome === 'error' && event.errorCode ? ` (${event.errorCode})` : ''}
      </span>
    ),
  },
  { label: 'Used at', cell: (event) => event.usedAt?.join(', ') || '—' },
]

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
        <DataTable
          name="access-log"
          caption={`Access log of ${name}, newest first`}
          columns={COLUMNS}
          rows={items}
          rowKey={(event) => event.id}
          rowClass={(event) => (event.outcome === 'success' ? undefined : 'failure')}
          busy={log.loading}
        />
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
