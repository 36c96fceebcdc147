import { call } from '@gwm/api-client'
import { api } from '../api.ts'
import { ErrorNotice } from '../components/ErrorNotice.tsx'
import { dateTime } from '../lib/format.ts'
import { useRequest } from '../lib/use-request.ts'
import { useTitle } from '../lib/use-title.ts'
import { Link } from '../routing/Link.tsx'
import { useSession } from '../session/session.ts'

/** Who is signed in: the GitHub profile and the platform account behind it. */
export function HomePage() {
  useTitle('Account')
  const { state } = useSession()
  const profile = useRequest(() => call(api.GET('/user/profile')), 'profile')
  if (state.status !== 'signed_in') return null
  const { user } = state
  return (
    <>
      <h1>Account</h1>
      <dl class="facts">
        <dt>GitHub login</dt><dd>{user.login}</dd>
        <dt>Name</dt><dd>{user.name ?? '—'}</dd>
        <dt>Email</dt><dd>{user.email ?? '—'}</dd>
        <dt>Session ends</dt><dd>{dateTime(state.expiresAt)}</dd>
        {profile.data && (
          <>
            <dt>Account created</dt><dd>{dateTime(profile.data.account.createdAt)}</dd>
            <dt>GitHub scopes</dt><dd>{profile.data.github.scopes.join(', ') || '—'}</dd>
          </>
        )}
      </dl>
      {profile.error && <ErrorNotice error={profile.error} onRetry={profile.reload} />}
      <h2>Next</h2>
      <ul>
        <li><Link href="/repos">Connect a repository</Link> to receive its events.</li>
        <li><Link href="/events">See the events</Link> your repositories sent and what the platform was told.</li>
      </ul>
    </>
  )
}
