import { useAction } from '../lib/use-action.ts'
import { useSession } from '../session/session.ts'
import { ErrorNotice } from './ErrorNotice.tsx'

/** Ends the session on the gateway (and GitHub's token with it). */
export function SignOutButton() {
  const session = useSession()
  const action = useAction(() => session.signOut())
  return (
    <>
      <button type="button" onClick={action.run} disabled={action.busy}>Sign out</button>
      {action.error && <ErrorNotice error={action.error} onRetry={action.run} />}
    </>
  )
}
