/** Messages next to what they are about: errors, notes, and the masked value. */
import type { ComponentChildren } from 'preact'
import { type Doing, describeError } from '../api-error.js'

/** An API error in words, announced to screen readers as it appears. */
export function ErrorNote({ error, doing, id }: { error: unknown; doing: Doing; id?: string }) {
  if (error === undefined || error === null) return null
  return (
    <p class="error-note" role="alert" id={id}>
      {describeError(error, doing)}
    </p>
  )
}

/** A short line of help under a field. */
export function Hint({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <p class="hint" id={id}>
      {children}
    </p>
  )
}

/** How every value appears on the page: write-only, never shown. */
export function MaskedValue() {
  return (
    <span class="masked" title="Values are write-only here">
      <span aria-hidden="true">••••</span>
      <span class="visually-hidden">hidden value</span>
    </span>
  )
}
