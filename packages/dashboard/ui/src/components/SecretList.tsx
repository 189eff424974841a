/** The list of secrets: a prefix filter, rows per page, keyset paging, and Add. */
import { useState } from 'preact/hooks'
import { listSecrets } from '../api.js'
import type { SecretSummary } from '../api-types.js'
import { href, navigate, PAGE_SIZES } from '../route.js'
import { useRequest } from '../use-request.js'
import { AddSecret } from './AddSecret.js'
import { type Column, DataTable } from './DataTable.js'
import { Drawer } from './Drawer.js'
import { ErrorNote, MaskedValue } from './Feedback.js'
import { Pager, usePages } from './Pager.js'
import { Time } from './Time.js'

const COLUMNS: readonly Column<SecretSummary>[] = [
  {
    label: 'Name',
    rowHeader: true,
    cell: (item) => <a href={href({ page: 'secret', name: item.name })}>{item.name}</a>,
  },
  { label: 'Value', cell: () => <MaskedValue /> },
  { label: 'Description', cell: (item) => item.description ?? '—' },
  { label: 'Version', cell: (item) => item.version },
  { label: 'Last rotated', cell: (item) => <Time iso={item.updatedAt} /> },
  { label: 'Updated by', cell: (item) => item.updatedBy ?? '—' },
]

interface SecretListProps {
  prefix: string
  limit: number
  announce: (message: string) => void
}

/** The secrets page. */
export function SecretList({ prefix, limit, announce }: SecretListProps) {
  const pages = usePages(`${limit} ${prefix}`)
  const [adding, setAdding] = useState(false)
  const list = useRequest(
    () => listSecrets({ prefix, limit, ...(pages.cursor ? { cursor: pages.cursor } : {}) }),
    [prefix, limit, pages.cursor],
  )
  const items = list.data?.items
  const first = pages.index * limit + 1
  return (
    <section aria-labelledby="list-title">
      <div class="title-row">
        <h1 id="list-title">Secrets</h1>
        <button type="button" class="button primary" onClick={() => setAdding(true)}>
          Add secret
        </button>
      </div>
      <search class="filters">
        <div class="field">
          <label for="prefix">Name starts with</label>
          <input
            id="prefix"
            type="search"
            value={prefix}
            autocomplete="off"
            spellcheck={false}
            onInput={(event) =>
              navigate(
                { page: 'list', prefix: (event.currentTarget as HTMLInputElement).value, limit },
                true,
              )
            }
          />
        </div>
        <div class="field">
          <label for="limit">Rows per page</label>
          <select
            id="limit"
            value={String(limit)}
            onChange={(event) =>
              navigate({
                page: 'list',
                prefix,
                limit: Number((event.currentTarget as HTMLSelectElement).value),
              })
            }
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={String(size)}>
                {size}
              </option>
            ))}
          </select>
        </div>
      </search>
      <ErrorNote error={list.error} doing="list" />
      <p class="status-line" aria-live="polite">
        {list.loading
          ? 'Loading…'
          : items?.length
            ? `Showing ${first}–${first + items.length - 1}`
            : items
              ? prefix
                ? `No secret starts with “${prefix}”.`
                : 'No secrets yet: add the first one.'
              : ''}
      </p>
      {items && items.length > 0 && (
        <DataTable
          name="secrets"
          caption="Secrets, in name order"
          columns={COLUMNS}
          rows={items}
          rowKey={(item) => item.name}
          busy={list.loading}
        />
      )}
      <Pager
        pages={pages}
        nextCursor={list.data?.cursor}
        label="Pages of secrets"
        previousText="Previous page"
        nextText="Next page"
      />
      {adding && (
        <Drawer title="Add a secret" onClosed={() => setAdding(false)}>
          {(close) => (
            <AddSecret
              onCreated={(name) => {
                close()
                announce(`Created ${name} (version 1).`)
                list.reload()
              }}
            />
          )}
        </Drawer>
      )}
    </section>
  )
}
