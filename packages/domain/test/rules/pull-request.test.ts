import t from 'tap'
import { DEFAULT_DEPLOY_RULES as DEFAULTS } from '../../src/rules/index.ts'
import { pullRequestRule } from '../../src/rules/pull-request.ts'
import { examples } from '../examples.ts'
import { pullRequest, rules } from './helpers.ts'

const all = examples('pull_request')
const context = { defaultBranch: 'master' }
const headSha = (payload: Record<string, unknown>) => ((payload.pull_request as Record<string, unknown>).head as Record<string, unknown>).sha
const decide = (payload: Record<string, unknown>, config = DEFAULTS) => pullRequestRule(payload, config, context)

for (const action of ['opened', 'reopened', 'synchronize']) {
  t.test(`pull_request ${action} is a preview deploy of the head sha`, async (t) => {
    const found = all.filter((payload) => payload.action === action)
    t.ok(found.length > 0)
    for (const payload of found) {
      const reason = `preview: pull request #${payload.number} ${action}`
      t.same(decide(payload), {
        requests: [{ kind: 'preview', ref: `refs/pull/${payload.number}/head`, sha: headSha(payload), environment: `pr-${payload.number}`, pullRequest: payload.number, reason }],
        decision: reason,
      })
    }
  })
}

t.test('pull_request closed (merged or not) tears the preview down', async (t) => {
  const closed = all.filter((payload) => payload.action === 'closed')
  t.ok(closed.length > 0)
  for (const payload of closed) {
    const { requests, decision } = decide(payload)
    t.match(requests, [{ kind: 'teardown', environment: `pr-${payload.number}`, ref: `refs/pull/${payload.number}/head`, reason: `teardown: pull request #${payload.number} closed` }])
    t.equal(requests.length, 1)
    t.equal(decision, `teardown: pull request #${payload.number} closed`)
    // Whatever the rules: tearing down what was never deployed is harmless, a preview left behind is not.
    t.equal(decide(payload, rules({ previews: { pullRequests: 'off' } })).requests[0]?.kind, 'teardown')
  }
  t.equal(decide(pullRequest('closed', { fork: true })).requests[0]?.kind, 'teardown', 'a fork\'s too')
})

t.test('every other pull_request action asks for nothing', async (t) => {
  const others = all.filter((payload) => !['opened', 'reopened', 'synchronize', 'closed', 'labeled', 'unlabeled'].includes(String(payload.action)))
  t.ok(others.length > 10)
  for (const payload of others) t.same(decide(payload), { requests: [], decision: `skipped: no rule for pull_request ${payload.action}` }, String(payload.action))
  // The examples' labels are "bug": not ours.
  for (const payload of all.filter((p) => p.action === 'labeled' || p.action === 'unlabeled')) {
    t.same(decide(payload), { requests: [], decision: 'skipped: no rule for label bug' })
  }
})

t.test('pull requests from forks are not previewed by default', async (t) => {
  t.same(decide(pullRequest('opened', { fork: true })), { requests: [], decision: 'skipped: fork' })
  t.same(decide(pullRequest('synchronize', { fork: 'deleted' })), { requests: [], decision: 'skipped: fork' }, 'head.repo null: the fork was deleted')
  const sameRepo = pullRequest('opened')
  const pr = sameRepo.pull_request as { head: { repo: Record<string, unknown> } }
  pr.head.repo = { ...pr.head.repo, full_name: 'codertocat/hello-world', fork: true }
  t.equal(decide(sameRepo).decision, 'preview: pull request #2 opened', 'the same repository, named in another case; fork: true says only that it is a fork of something')
})

t.test('forks: labeled: a fork is previewed once it carries the label', async (t) => {
  const forks = rules({ previews: { forks: 'labeled' } })
  t.same(decide(pullRequest('opened', { fork: true }), forks), { requests: [], decision: 'skipped: not labeled deploy-preview' })
  t.equal(decide(pullRequest('synchronize', { fork: true, labels: ['bug', 'Deploy-Preview'] }), forks).decision, 'preview: pull request #2 synchronize', 'labels compare ignoring case')
  const labeled = decide(pullRequest('labeled', { fork: true, labels: ['deploy-preview'], label: 'deploy-preview' }), forks)
  t.equal(labeled.decision, 'preview: pull request #2 labeled deploy-preview')
  t.equal(labeled.requests[0]?.kind, 'preview')
  t.equal(decide(pullRequest('unlabeled', { fork: true, label: 'deploy-preview' }), forks).decision, 'teardown: pull request #2 unlabeled deploy-preview')
  t.equal(decide(pullRequest('opened'), forks).decision, 'preview: pull request #2 opened', 'the repository\'s own need no label')
  t.equal(decide(pullRequest('labeled', { fork: true, labels: ['deploy-preview'], label: 'deploy-preview' })).decision, 'skipped: fork', 'forks off: the label does not help')
  t.equal(decide(pullRequest('unlabeled', { fork: true, label: 'deploy-preview' })).decision, 'skipped: fork')
})

t.test('pullRequests: labeled: only pull requests carrying the label', async (t) => {
  const labeled = rules({ previews: { pullRequests: 'labeled' } })
  t.same(decide(pullRequest('opened', { labels: ['bug'] }), labeled), { requests: [], decision: 'skipped: not labeled deploy-preview' })
  t.equal(decide(pullRequest('opened', { labels: ['deploy-preview'] }), labeled).decision, 'preview: pull request #2 opened')
  t.equal(decide(pullRequest('reopened', { labels: ['deploy-preview'] }), labeled).decision, 'preview: pull request #2 reopened')
  const added = decide(pullRequest('labeled', { labels: ['deploy-preview'], label: 'deploy-preview' }), labeled)
  t.match(added, { requests: [{ kind: 'preview', environment: 'pr-2', reason: 'preview: pull request #2 labeled deploy-preview' }], decision: 'preview: pull request #2 labeled deploy-preview' })
  t.same(decide(pullRequest('labeled', { labels: ['bug'], label: 'bug' }), labeled), { requests: [], decision: 'skipped: no rule for label bug' })
  t.match(decide(pullRequest('unlabeled', { labels: [], label: 'deploy-preview' }), labeled), {
    requests: [{ kind: 'teardown', environment: 'pr-2' }], decision: 'teardown: pull request #2 unlabeled deploy-preview',
  })
  t.equal(decide(pullRequest('labeled', { labels: ['deploy-preview'], label: 'deploy-preview', state: 'closed' }), labeled).decision, 'skipped: pull request #2 is closed')
  t.equal(decide(pullRequest('unlabeled', { label: 'deploy-preview', state: 'closed' }), labeled).decision, 'skipped: pull request #2 is closed')
  const custom = rules({ previews: { pullRequests: 'labeled', label: 'Preview Me' } })
  t.equal(decide(pullRequest('labeled', { labels: ['preview me'], label: 'preview me' }), custom).decision, 'preview: pull request #2 labeled Preview Me')
  t.equal(decide(pullRequest('opened', { labels: ['deploy-preview'] }), custom).decision, 'skipped: not labeled Preview Me')
})

t.test('pullRequests: all: the label changes nothing', async (t) => {
  t.same(decide(pullRequest('labeled', { labels: ['deploy-preview'], label: 'deploy-preview' })), { requests: [], decision: 'skipped: deploy-preview does not gate this pull request' })
  t.same(decide(pullRequest('unlabeled', { label: 'deploy-preview' })), { requests: [], decision: 'skipped: deploy-preview does not gate this pull request' })
})

t.test('pullRequests: off: no previews, teardowns still', async (t) => {
  const off = rules({ previews: { pullRequests: 'off' } })
  for (const action of ['opened', 'reopened', 'synchronize']) t.same(decide(pullRequest(action), off), { requests: [], decision: 'skipped: pull request previews off' })
  t.equal(decide(pullRequest('labeled', { labels: ['deploy-preview'], label: 'deploy-preview' }), off).decision, 'skipped: pull request previews off')
  t.equal(decide(pullRequest('closed'), off).decision, 'teardown: pull request #2 closed')
})

t.test('the checks gate holds previews, never teardowns', async (t) => {
  const gated = rules({ checks: { gate: 'named', names: ['ci/build'], timeoutMinutes: 30 } })
  t.same(decide(pullRequest('synchronize'), gated).waitForChecks, { names: ['ci/build'], timeoutMinutes: 30 })
  t.notOk('waitForChecks' in decide(pullRequest('closed'), gated))
  t.notOk('waitForChecks' in decide(pullRequest('opened', { fork: true }), gated))
})

t.test('a payload without what the rule reads asks for nothing', async (t) => {
  const payload = pullRequest('opened')
  t.equal(decide({ ...payload, action: undefined }).decision, 'skipped: incomplete payload')
  t.equal(decide({ ...payload, pull_request: 'not an object' }).decision, 'skipped: incomplete payload')
  t.equal(decide({ ...payload, number: undefined, pull_request: { ...(payload.pull_request as object), number: undefined } }).decision, 'skipped: incomplete payload')
  const noSha = pullRequest('opened')
  ;(noSha.pull_request as { head: Record<string, unknown> }).head.sha = ''
  t.equal(decide(noSha).decision, 'skipped: incomplete payload')
  const trimmed = pullRequest('opened')
  // A view of the payload trimmed to fewer fields (no head.repo) reads as the repository's own.
  ;(trimmed.pull_request as { head: Record<string, unknown> }).head = { sha: 'abc' }
  t.equal(decide(trimmed).decision, 'preview: pull request #2 opened')
})
