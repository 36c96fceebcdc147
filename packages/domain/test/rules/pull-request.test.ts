import t from 'tap'
import { pullRequestRule } from '../../src/rules/pull-request.ts'
import { examples } from '../examples.ts'

const all = examples('pull_request')
const headSha = (payload: Record<string, unknown>) => ((payload.pull_request as Record<string, unknown>).head as Record<string, unknown>).sha

for (const action of ['opened', 'reopened', 'synchronize']) {
  t.test(`pull_request ${action} is a preview deploy of the head sha`, async (t) => {
    const found = all.filter((payload) => payload.action === action)
    t.ok(found.length > 0)
    for (const payload of found) {
      t.same(pullRequestRule(payload), [
        { kind: 'preview', ref: `refs/pull/${payload.number}/head`, sha: headSha(payload), environment: `pr-${payload.number}`, pullRequest: payload.number },
      ])
    }
  })
}

t.test('pull_request closed (merged or not) tears the preview down', async (t) => {
  const closed = all.filter((payload) => payload.action === 'closed')
  t.ok(closed.length > 0)
  for (const payload of closed) {
    const [request, ...rest] = pullRequestRule(payload)
    t.match(request, { kind: 'teardown', environment: `pr-${payload.number}`, ref: `refs/pull/${payload.number}/head` })
    t.same(rest, [])
  }
})

t.test('every other pull_request action asks for nothing', async (t) => {
  const others = all.filter((payload) => !['opened', 'reopened', 'synchronize', 'closed'].includes(String(payload.action)))
  t.ok(others.length > 10)
  for (const payload of others) t.same(pullRequestRule(payload), [], String(payload.action))
})
