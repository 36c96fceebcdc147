import { call } from '@gwm/api-client'
import { api } from '../../api.ts'
import { ErrorNotice } from '../../components/ErrorNotice.tsx'
import { dateTime, shortSha } from '../../lib/format.ts'
import { useRequest } from '../../lib/use-request.ts'
import { TableScroll } from '../../components/TableScroll.tsx'

/** Each environment the repository's deployments named: what was asked last, what is deployed, its state. */
export function Environments({ owner, repo }: { owner: string; repo: string }) {
  const list = useRequest(() => call(api.GET('/api/repos/{owner}/{repo}/environments', { params: { path: { owner, repo } } })), `${owner}/${repo}`)
  if (list.error) return <ErrorNotice error={list.error} onRetry={list.reload} />
  if (!list.data) return <p role="status">Loading environments…</p>
  const { environments } = list.data
  return (
    <section aria-label={`Environments of ${owner}/${repo}`}>
      <h3>Environments</h3>
      {environments.length === 0 ? <p class="muted">No deployment was requested yet.</p> : (
        <TableScroll label={`Environments of ${owner}/${repo}`}>
          <table aria-label={`Environments of ${owner}/${repo}`}>
            <thead><tr><th scope="col">Environment</th><th scope="col">State</th><th scope="col">Last requested</th><th scope="col">Deployed</th><th scope="col">URL</th></tr></thead>
            <tbody>
              {environments.map((env) => (
                <tr key={env.name}>
                  <td>{env.name}</td>
                  <td>{env.state ?? '—'} <span class="muted">{env.stateAt ? dateTime(env.stateAt) : ''}</span></td>
                  <td>{env.lastRequested ? `${shortSha(env.lastRequested.sha)} (${env.lastRequested.status})` : '—'}</td>
                  <td>{env.lastDeployed ? `${shortSha(env.lastDeployed.sha)} ${dateTime(env.lastDeployed.at)}` : '—'}</td>
                  <td>{env.url && /^https?:\/\//.test(env.url) ? <a href={env.url} rel="noreferrer noopener" target="_blank">{env.url}</a> : (env.url ?? '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}
