import { call } from '@gwm/api-client'
import { api } from '../../api.ts'
import { ErrorNotice } from '../../components/ErrorNotice.tsx'
import { JsonViewer } from '../../components/json/JsonViewer.tsx'
import { dateTime } from '../../lib/format.ts'
import { useRequest } from '../../lib/use-request.ts'

/** The deploy rules in force (read-only here: the API changes them with PUT …/deploy-rules). */
export function DeployRules({ owner, repo }: { owner: string; repo: string }) {
  const rules = useRequest(() => call(api.GET('/api/repos/{owner}/{repo}/deploy-rules', { params: { path: { owner, repo } } })), `${owner}/${repo}`)
  if (rules.error) return <ErrorNotice error={rules.error} onRetry={rules.reload} />
  if (!rules.data) return <p role="status">Loading deploy rules…</p>
  const { version, defaults, changedBy, changedAt } = rules.data
  return (
    <section aria-label={`Deploy rules of ${owner}/${repo}`}>
      <h3>Deploy rules</h3>
      <p>{defaults ? 'The defaults apply: no rules were stored.' : `Version ${version}, changed by ${changedBy ?? '—'} on ${dateTime(changedAt)}.`}</p>
      <JsonViewer value={rules.data.rules} label={`Deploy rules of ${owner}/${repo}`} />
    </section>
  )
}
