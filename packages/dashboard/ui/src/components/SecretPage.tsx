/** One secret: its metadata, its versions (never a value), its access log, and the actions. */
import { useState } from 'preact/hooks'
import { describeSecret } from '../api.js'
import type { VersionInfo } from '../api-types.js'
import { href, navigate, PAGE_SIZES } from '../route.js'
import { exactTime } from '../time.js'
import { useRequest } from '../use-request.js'
import { AccessLog } from './AccessLog.js'
import { type Column, DataTable } from './DataTable.js'
import { DeleteSecret } from './DeleteSecret.js'
import { Drawer } from './Drawer.js'
import { ErrorNote, MaskedValue } from './Feedback.js'
import { ReplaceSecret } from './ReplaceSecret.js'
import { RotateSecret } from './RotateSecret.js'
import { Time } from './Time.js'

type Action = 'replace' | 'rotate' | 'delete'

const VERSION_COLUMNS: readonly Column<VersionInfo>[] = [
  { label: 'Version', rowHeader: true, cell: (v) => v.version },
  { label: 'Written', cell: (v) => <Time iso={v.createdAt} /> },
  { label: 'By', cell: (v) => v.createdBy ?? '—' },
  { label: 'Description', cell: (v) => v.description ?? '—' },
  {
    label: 'Previous version valid until',
    cell: (v) => (v.previousExpiresAt ? exactTime(v.previousExpiresAt) : '—'),
  },
]

interface SecretPageProps {
  name: string
  announce: (message: string) => void
}

/** The page of secret `name`. */
export function SecretPage({ name, announce }: SecretPageProps) {
  const [action, setAction] = useState<Action | null>(null)
  const [revision, setRevision] = useState(0)
  const detail = useRequest(() => describeSecret(name), [name, revision])
  const secret = detail.data // the page is keyed by name: its data is this secret's
  const written = (close: () => void, verb: string) => (version: number) => {
    close()
    announce(`${verb} ${name}: now version ${version}.`)
    setRevision((n) => n + 1)
  }
  return (
    <article aria-labelledby="secret-title">
      <p>
        <a href={href({ page: 'list', prefix: '', limit: PAGE_SIZES[0] })}>← All secrets</a>
      </p>
      <div class="title-row">
        <h1 id="secret-title">{name}</h1>
        {secret && (
          <div class="actions">
            <button type="button" class="button" onClick={() => setAction('replace')}>
              Replace value
            </button>
            <button type="button" class="button" onClick={() => setAction('rotate')}>
              Rotate
            </button>
            <button type="button" class="button danger" onClick={() => setAction('delete')}>
              Delete
            </button>
          </div>
        )}
      </div>
      <ErrorNote error={detail.error} doing="load" />
      {secret && (
        <>
          <dl class="facts">
            <dt>Value</dt>
            <dd>
              <MaskedValue />
            </dd>
            <dt>Description</dt>
            <dd>{secret.description ?? '—'}</dd>
            <dt>Latest version</dt>
            <dd>{secret.version}</dd>
            <dt>Last rotated</dt>
            <dd>
              <Time iso={secret.updatedAt} /> by {secret.updatedBy ?? 'unknown'}
            </dd>
            <dt>Created</dt>
            <dd>
              <Time iso={secret.createdAt} />
            </dd>
          </dl>
          <section aria-labelledby="versions-title">
            <h2 id="versions-title">Versions</h2>
            <DataTable
              name="versions"
              caption={`Versions of ${name}, newest first`}
              columns={VERSION_COLUMNS}
              rows={secret.versions}
              rowKey={(v) => v.version}
            />
          </section>
          <AccessLog name={name} revision={revision} />
        </>
      )}
      {secret && action === 'replace' && (
        <Drawer title={`Replace ${name}`} onClosed={() => setAction(null)}>
          {(close) => (
            <ReplaceSecret
              secret={secret}
              onReplaced={written(close, 'Replaced')}
              onStale={detail.reload}
            />
          )}
        </Drawer>
      )}
      {secret && action === 'rotate' && (
        <Drawer title={`Rotate ${name}`} onClosed={() => setAction(null)}>
          {(close) => <RotateSecret secret={secret} onRotated={written(close, 'Rotated')} />}
        </Drawer>
      )}
      {secret && action === 'delete' && (
        <Drawer title={`Delete ${name}?`} role="alertdialog" onClosed={() => setAction(null)}>
          {() => (
            <DeleteSecret
              name={name}
              onDeleted={() => {
                announce(`Deleted ${name}.`)
                navigate({ page: 'list', prefix: '', limit: PAGE_SIZES[0] })
              }}
            />
          )}
        </Drawer>
      )}
    </article>
  )
}
