import t from 'tap'
import { pushRule } from '../../src/rules/push.ts'
import { example, examples } from '../examples.ts'

const toBranch = (ref: string) => (payload: Record<string, unknown>) => payload.ref === ref

t.test('a push to the default branch is a production deploy of `after`', async (t) => {
  const payload = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false)
  t.equal((payload.repository as Record<string, unknown>).default_branch, 'master')
  t.same(pushRule(payload), [{ kind: 'production', ref: 'refs/heads/master', sha: payload.after, environment: 'production' }])
})

t.test('a push to another branch asks for nothing', async (t) => {
  const payload = example('push', toBranch('refs/heads/master'))
  payload.ref = 'refs/heads/feature/login'
  t.same(pushRule(payload), [])
})

t.test('tag pushes, created or deleted, ask for nothing', async (t) => {
  const tags = examples('push').filter((p) => String(p.ref).startsWith('refs/tags/'))
  t.ok(tags.length >= 2)
  for (const payload of tags) t.same(pushRule(payload), [], `deleted=${payload.deleted}`)
})

t.test('a push that deletes a branch tears down that branch preview', async (t) => {
  // GitHub sends the same shape for a deleted branch as for the deleted tag in the examples.
  const payload = example('push', (p) => p.deleted === true)
  payload.ref = 'refs/heads/Feature/Login_Page'
  t.same(pushRule(payload), [{ kind: 'teardown', ref: 'refs/heads/Feature/Login_Page', sha: null, environment: 'branch-feature-login-page' }])
})

t.test('a deleted default branch is a teardown too, never a deploy of the zero sha', async (t) => {
  const payload = example('push', (p) => p.deleted === true)
  payload.ref = 'refs/heads/master'
  const [request, ...rest] = pushRule(payload)
  t.equal(request?.kind, 'teardown')
  t.same(rest, [])
})
