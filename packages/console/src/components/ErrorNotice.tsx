import type { ApiError } from '@gwm/api-client'

interface Props {
  error: ApiError
  onRetry?: () => void
}

/** What went wrong, in words, and a way to try again when trying again can help. */
export function ErrorNotice({ error, onRetry }: Props) {
  const wait = error.retryAfterS ? ` (the gateway asks to wait ${error.retryAfterS} s)` : ''
  return (
    <div class="notice notice-error" role="alert">
      <p>{error.message}{wait}</p>
      {onRetry && (error.retryable || error.kind === 'failed') && <button type="button" onClick={onRetry}>Retry</button>}
    </div>
  )
}
