/**
 * A side panel over the page: a modal `<dialog>`, so focus stays inside it,
 * Escape closes it, and focus goes back to what opened it.
 */
import type { ComponentChildren } from 'preact'
import { useEffect, useId, useRef } from 'preact/hooks'

interface DrawerProps {
  title: string
  /** Called once the panel has closed (by Escape, its Close button or `close()`). */
  onClosed: () => void
  /** The panel's content, given a function that closes it. */
  children: (close: () => void) => ComponentChildren
  /** `alert` for a confirmation that asks before something irreversible. */
  role?: 'dialog' | 'alertdialog'
}

/** A modal side panel with a title and a Close button. */
export function Drawer({ title, onClosed, children, role = 'dialog' }: DrawerProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const closedRef = useRef(onClosed)
  closedRef.current = onClosed
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    dialog.showModal()
    const closed = () => closedRef.current()
    dialog.addEventListener('close', closed)
    return () => dialog.removeEventListener('close', closed)
  }, [])
  const close = () => ref.current?.close()
  return (
    <dialog ref={ref} class="drawer" role={role} aria-labelledby={titleId}>
      <header class="drawer-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="button quiet" onClick={close}>
          Close
        </button>
      </header>
      <div class="drawer-body">{children(close)}</div>
    </dialog>
  )
}
