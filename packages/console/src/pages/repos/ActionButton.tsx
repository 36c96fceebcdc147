import type { ComponentChildren } from 'preact'
import { ErrorNotice } from '../../components/ErrorNotice.tsx'
import type { ActionState } from '../../lib/use-action.ts'

interface Props<T> {
  action: ActionState<T>
  label: string
  /** What to say once it worked. */
  done?: (result: T) => ComponentChildren
  primary?: boolean
}

/** A button that calls the gateway, then says what happened (or what went wrong) next to it. */
export function ActionButton<T>({ action, label, done, primary = false }: Props<T>) {
  return (
    <span class="action">
      <button type="button" class={primary ? 'button-primary' : undefined} onClick={action.run} disabled={action.busy} aria-busy={action.busy}>{label}</button>
      {action.result !== null && done && <span role="status">{done(action.result)}</span>}
      {action.error && <ErrorNotice error={action.error} onRetry={action.run} />}
    </span>
  )
}
