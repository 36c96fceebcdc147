import { loginUrl } from '@gwm/api-client'
import { useTitle } from '../lib/use-title.ts'

interface Props {
  /** The console path to come back to after signing in. */
  returnTo: string
  /** Why the page is shown: the session ended while a page was open, or the user signed out. */
  reason: 'none' | 'ended' | 'signed_out'
}

const MESSAGES = {
  ended: 'You are signed out: your session ended. Sign in again to carry on where you were.',
  signed_out: 'You are signed out.',
}

/** Sign-in: a link to GitHub's sign-in (a plain link, never an automatic redirect, so nothing can loop). */
export function SignInPage({ returnTo, reason }: Props) {
  useTitle('Sign in')
  return (
    <main id="main" class="page page-narrow">
      <h1>Sign in</h1>
      {reason !== 'none' && <p class="notice" role="status">{MESSAGES[reason]}</p>}
      <p>The console shows the GitHub events your repositories sent, what the deployment platform was told, and lets you connect repositories and replay deliveries.</p>
      <p><a class="button button-primary" href={loginUrl(returnTo)}>Sign in with GitHub</a></p>
    </main>
  )
}
