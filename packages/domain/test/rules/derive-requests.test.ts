import t from 'tap'
import { branchEnvironment, callbackTypeOf, DEFAULT_DEPLOY_RULES as DEFAULTS, decide, deriveRequests } from '../../src/rules/index.ts'
import { eventNames, example, examples } from '../examples.ts'
import { commit, pullRequest, pushTo, rules } from './helpers.ts'

const ROUTED = new Set(['push', 'pull_request', 'release', 'delete'])
const context = { defaultBranch: 'master' }

t.test('every example of every other event is stored, not forwarded, and says so', async (t) => {
  const others = eventNames().filter((name) => !ROUTED.has(name))
  t.ok(others.includes('ping') && others.includes('issues'))
  for (const name of others) {
    for (const payload of examples(name)) {
      t.same(deriveRequests(name, payload), [], name)
      t.same(decide(name, payload, DEFAULTS, context), { requests: [], decision: `skipped: no rule for ${name}` })
    }
  }
})

t.test('the rules are picked by event name and are deterministic', async (t) => {
  const payload = example('pull_request', (p) => p.action === 'opened')
  t.same(decide('pull_request', payload, DEFAULTS, context), decide('pull_request', structuredClone(payload), DEFAULTS, context))
  t.equal(deriveRequests('pull_request', payload).length, 1)
  // The same payload under another event name matches no rule.
  t.same(decide('issues', payload, DEFAULTS, context).decision, 'skipped: no rule for issues')
  t.same(deriveRequests('__proto__', payload), [])
  t.same(decide('constructor', payload, DEFAULTS, context).decision, 'skipped: no rule for constructor')
})

t.test('a payload without a repository asks for nothing', async (t) => {
  const payload = example('push', (p) => p.ref === 'refs/heads/master')
  delete payload.repository
  t.same(deriveRequests('push', payload), [])
  t.same(decide('push', payload, DEFAULTS, context), { requests: [], decision: 'skipped: no repository' })
  t.same(decide('push', { ...payload, repository: 'not an object' }, DEFAULTS, context).decision, 'skipped: no repository')
})

t.test('deriveRequests is decide with the defaults, the default branch from the payload, without the reasons', async (t) => {
  let deploying = 0
  for (const event of ROUTED) {
    for (const payload of examples(event)) {
      const defaultBranch = String((payload.repository as Record<string, unknown>).default_branch)
      const decided = decide(event, payload, DEFAULTS, { defaultBranch })
      t.same(deriveRequests(event, payload), decided.requests.map(({ reason: _reason, ...request }) => request), `${event} ${String(payload.action ?? '')}`)
      if (decided.requests.length > 0) deploying++
    }
  }
  t.ok(deploying >= 10, `${deploying} examples deploy`)
})

t.test('the defaults decide as before, except that forks are not previewed', async (t) => {
  const push = pushTo('master')
  t.same(deriveRequests('push', push), [{ kind: 'production', ref: 'refs/heads/master', sha: push.after, environment: 'production' }])
  t.same(deriveRequests('push', pushTo('feature/x')), [])
  t.same(deriveRequests('push', pushTo('feature/x', { deleted: true, after: '0000000000000000000000000000000000000000' })), [
    { kind: 'teardown', ref: 'refs/heads/feature/x', sha: null, environment: 'branch-feature-x' },
  ])
  t.equal(deriveRequests('pull_request', pullRequest('opened')).length, 1)
  t.same(deriveRequests('pull_request', pullRequest('opened', { fork: true })), [], 'the one change')
  t.equal(deriveRequests('pull_request', pullRequest('closed', { fork: true })).length, 1, 'a fork\'s close is still a teardown')
  t.same(deriveRequests('push', pushTo('master', { head_commit: { message: 'wip [skip deploy]' } })), [], 'and the skip markers, which are new')
})

t.test('deriveRequests takes rules too; a paths filter applies when the payload lists every change', async (t) => {
  const previews = rules({ previews: { branches: ['feature/*'] }, paths: { include: ['src/**'] } })
  t.same(deriveRequests('push', pushTo('feature/x', { commits: [commit(['docs/a'])] }), previews), [])
  t.same(deriveRequests('push', pushTo('feature/x', { commits: [commit(['src/a'])] }), previews).map((r) => r.environment), ['branch-feature-x'])
  // A forced push does not list what it dropped, and deriveRequests does not ask GitHub: the filter cannot apply.
  t.same(deriveRequests('push', pushTo('feature/x', { forced: true, commits: [commit(['docs/a'])] }), previews).map((r) => r.environment), ['branch-feature-x'])
})

t.test('environment names and callback types', async (t) => {
  t.equal(branchEnvironment('main'), 'branch-main')
  t.equal(branchEnvironment('///'), 'branch-unnamed')
  t.ok(branchEnvironment('x'.repeat(200)).length <= 63)
  t.equal(callbackTypeOf('teardown'), 'deployment.teardown')
  t.equal(callbackTypeOf('production'), 'deployment.requested')
  t.equal(callbackTypeOf('preview'), 'deployment.requested')
})
