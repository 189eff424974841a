/** One secret: its metadata, its versions (never a value), its access log, and the actions. */
import { useState } from 'preact/hooks'
import { describeSecret } from '../api.js'
import { href, navigate } from '../route.js'
import { exactTime } from '../time.js'
import { useRequest } from '../use-request.js'
import { AccessLog } from './AccessLog.js'
import { DeleteSecret } from './DeleteSecret.js'
import { Drawer } from './Drawer.js'
import { ErrorNote, MaskedValue } from './Feedback.js'
import { ReplaceSecret } from './ReplaceSecret.js'
import { RotateSecret } from './RotateSecret.js'
import { Time } from './Time.js'

type Action = 'replace' | 'rotate' | 'delete'

interface SecretPageProps {
  name: string
  announce: (message: string) => void
}

/** The page of secret `name`. */
export function SecretPage({ name, announce }: SecretPageProps) {
  const [action, setAction] = useState<Action | null>(null)
  const [revision, setRevision] = useState(0)
  const detail = useRequest(() => describeSecret(name), [name, revision])
  const secret = detail.data?.name === name ? detail.data : undefined
  const written = (close: () => void, verb: string) => (version: number) => {
    close()
    announce(`${verb} ${name}: now version ${version}.`)
    setRevision((n) => n + 1)
  }
  return (
    <article aria-labelledby="secret-title">
      <p>
        <a href={href({ page: 'list', prefix: '', limit: 50 })}>← All secrets</a>
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
            <div class="table-wrap">
              <table class="versions">
                <caption class="visually-hidden">Versions of {name}, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Written</th>
                    <th scope="col">By</th>
                    <th scope="col">Description</th>
                    <th scope="col">Previous version valid until</th>
                  </tr>
                </thead>
                <tbody>
                  {secret.versions.map((v) => (
                    <tr key={v.version}>
                      <th scope="row" data-label="Version">
                        {v.version}
                      </th>
                      <td data-label="Written">
                        <Time iso={v.createdAt} />
                      </td>
                      <td data-label="By">{v.createdBy ?? '—'}</td>
                      <td data-label="Description">{v.description ?? '—'}</td>
                      <td data-label="Previous version valid until">
                        {v.previousExpiresAt ? exactTime(v.previousExpiresAt) : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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
                navigate({ page: 'list', prefix: '', limit: 50 })
              }}
            />
          )}
        </Drawer>
      )}
    </article>
  )
}
