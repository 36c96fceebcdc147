import { call } from '@gwm/api-client'
import { useState } from 'preact/hooks'
import { api } from '../api.ts'
import { ErrorNotice } from '../components/ErrorNotice.tsx'
import { useRequest } from '../lib/use-request.ts'
import { useTitle } from '../lib/use-title.ts'
import { RepoCard } from './repos/RepoCard.tsx'

/** The user's repositories as GitHub lists them, a page at a time, each with its connection. */
export function ReposPage() {
  useTitle('Repositories')
  const [page, setPage] = useState(1)
  const repos = useRequest(() => call(api.GET('/user/repos', { params: { query: { page, per_page: 30, sort: 'full_name', affiliation: 'owner,collaborator,organization_member' } } })), String(page))
  return (
    <>
      <h1>Repositories</h1>
      {repos.error && <ErrorNotice error={repos.error} onRetry={repos.reload} />}
      {!repos.data && repos.loading && <p role="status">Loading your repositories…</p>}
      {repos.data && repos.data.repos.length === 0 && <p>GitHub lists no repository for you. Create one on GitHub, then come back.</p>}
      {repos.data && (
        <ul class="cards" aria-label="Repositories">
          {repos.data.repos.map((repo) => <RepoCard key={repo.id} repo={repo} onChange={repos.reload} />)}
        </ul>
      )}
      <nav class="pager" aria-label="Pages of repositories">
        <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>Previous page</button>
        <button type="button" disabled={!repos.data?.nextPage} onClick={() => repos.data?.nextPage && setPage(repos.data.nextPage)}>Next page</button>
      </nav>
    </>
  )
}
