import { decide, withDefaults } from '@gwm/domain'
import { type GitHubEventJob, payloadView } from '@gwm/queue'
import { exampleEventNames, examples } from '@gwm/testkit'
import t from 'tap'
import { actionOf, hookIdOf, senderLogin } from '../src/store/delivery-fields.ts'
import { repositoryFields } from '@gwm/domain'

type Payload = Record<string, unknown>

const data = (event: string, hookId?: string): GitHubEventJob => ({ deliveryId: 'd', event, receivedAt: new Date(0).toISOString(), payload: '{}', hookId })

// Rules that make every rule read every field it can: labels, forks, paths, markers, branch previews.
const STRICT = withDefaults({
  previews: { pullRequests: 'labeled', forks: 'labeled', branches: ['feature/*', 'master'] },
  paths: { include: ['src/**', 'README.md'], exclude: ['docs/**'] },
  skipMarkers: ['[skip deploy]', '[skip ci]'],
})

/** Everything the worker reads of a payload when it stores a delivery. */
const readings = (event: string, payload: Payload) => ({
  requests: decide(event, payload, withDefaults({}), { defaultBranch: 'master' }),
  strict: decide(event, payload, STRICT, { defaultBranch: 'main' }),
  repository: repositoryFields(payload.repository),
  sender: senderLogin(payload),
  action: actionOf(data(event), payload),
  hookId: hookIdOf(data(event)),
})

// Variants the examples may lack, so each rule meets each of its branches.
function variants(event: string, payload: Payload): Payload[] {
  const repository = payload.repository as Payload | undefined
  const out = [payload]
  if (event === 'push' && repository) {
    out.push({ ...payload, ref: `refs/heads/${String(repository.default_branch)}`, deleted: false })
    out.push({ ...payload, deleted: true })
    out.push({ ...payload, after: '0000000000000000000000000000000000000000' })
    out.push({ ...payload, ref: 'refs/tags/v1' })
  }
  if (event === 'push' && repository) {
    out.push({ ...payload, head_commit: { ...(payload.head_commit as Payload), message: 'fix [skip deploy]' } })
    out.push({ ...payload, ref: 'refs/heads/feature/x', commits: [{ id: 'a', added: ['docs/a.md'], modified: [], removed: [] }] })
  }
  if (event === 'pull_request') {
    for (const action of ['opened', 'reopened', 'synchronize', 'closed', 'edited', 'labeled', 'unlabeled']) out.push({ ...payload, action })
    const pr = payload.pull_request as Payload
    out.push({ ...payload, action: 'opened', pull_request: { ...pr, labels: [{ name: 'deploy-preview' }] } })
    out.push({ ...payload, action: 'labeled', label: { name: 'deploy-preview' }, pull_request: { ...pr, labels: [{ name: 'deploy-preview' }], head: { ...(pr.head as Payload), repo: { full_name: 'someone/fork' } } } })
    out.push({ ...payload, action: 'opened', pull_request: 'not an object' })
  }
  if (event === 'release') out.push({ ...payload, action: 'published', release: { ...(payload.release as Payload), target_commitish: 'a'.repeat(40) } })
  if (event === 'delete') out.push({ ...payload, ref_type: 'tag' }, { ...payload, ref_type: 'branch', ref: 'feature/x' })
  out.push({ ...payload, repository: 'not an object', sender: null })
  return out
}

t.test('the worker reads the same from the ingest\'s view of a payload as from the whole payload', async (t) => {
  let compared = 0
  let deriving = 0
  for (const event of exampleEventNames()) {
    for (const example of examples(event)) {
      for (const payload of variants(event, example)) {
        const whole = readings(event, payload)
        // The view travels as JSON inside the inbox entry.
        const view = JSON.parse(JSON.stringify(payloadView(payload))) as Payload
        t.same(readings(event, view), whole, `${event} ${String(payload.action ?? '')}`.trim())
        compared++
        if (whole.requests.requests.length > 0 || whole.strict.requests.length > 0) deriving++
      }
    }
  }
  t.ok(compared > 300, `${compared} payloads compared`)
  t.ok(deriving > 20, `${deriving} of them derive deployment requests`)
})

t.test('the view is small: only the fields read, never the rest of the payload', async (t) => {
  const payload = examples('pull_request')[0]!
  const view = payloadView(payload)
  t.ok(JSON.stringify(view).length < 800, `${JSON.stringify(view).length} bytes of a ${JSON.stringify(payload).length}-byte payload`)
  t.notOk('body' in ((view.pull_request as Payload | undefined) ?? {}), 'no pull request body')
  t.same(Object.keys(view.repository as Payload).sort(), ['clone_url', 'default_branch', 'full_name', 'html_url', 'id', 'owner', 'private'])
  t.same((view.repository as { owner: Payload }).owner, { id: (payload.repository as { owner: { id: number } }).owner.id }, 'of the owner, only its id (App mode checks it)')
})
