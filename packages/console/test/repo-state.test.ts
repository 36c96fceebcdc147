import t from 'tap'
import { connectionText, installUrlOf, type RepoFacts, repoActions } from '../src/pages/repos/repo-state.ts'

const repo = (over: Partial<RepoFacts> & { status?: RepoFacts['webhook']['status'] } = {}): RepoFacts => ({
  connected: false,
  installationId: null,
  permissions: { admin: true },
  webhook: { status: over.status ?? 'none' },
  ...over,
})

t.test('not connected: only Connect', async (t) => {
  t.same(repoActions(repo()), { connect: true, ping: false, rotate: false, disconnect: false, redeliver: false })
  t.equal(connectionText(repo()), 'Not connected')
})

t.test('connected with our webhook: everything but Connect', async (t) => {
  t.same(repoActions(repo({ connected: true, status: 'connected' })), { connect: false, ping: true, rotate: true, disconnect: true, redeliver: true })
})

t.test('a hook waiting for its ping can still be pinged, and connected again', async (t) => {
  const actions = repoActions(repo({ status: 'pending' }))
  t.ok(actions.connect)
  t.ok(actions.ping)
})

t.test('GitHub App mode: no hook of ours to ping, rotate or delete; redelivery still offered', async (t) => {
  t.same(repoActions(repo({ connected: true, installationId: 7 })), { connect: false, ping: false, rotate: false, disconnect: false, redeliver: true })
  t.match(connectionText(repo({ connected: true, installationId: 7 })), /GitHub App \(installation 7\)/)
})

t.test('without admin rights nothing is offered that GitHub would refuse', async (t) => {
  t.same(repoActions(repo({ permissions: { admin: false } })), { connect: false, ping: false, rotate: false, disconnect: false, redeliver: false })
})

t.test('GitHub App mode: Connect on an uncovered repository offers the App\'s install page', async (t) => {
  const url = 'https://github.com/apps/gwm/installations/new/permissions?target_id=1&repository_ids=7'
  t.equal(installUrlOf({ code: 'app_not_installed', details: { installUrl: url } }), url)
  t.equal(installUrlOf({ code: 'app_not_installed', details: {} }), null, 'none named: no link')
  t.equal(installUrlOf({ code: 'app_not_installed', details: { installUrl: 'javascript:alert(1)' } }), null, 'only a web address becomes a link')
  t.equal(installUrlOf({ code: 'forbidden', details: { installUrl: url } }), null, 'another refusal is no install prompt')
  t.equal(installUrlOf(null), null)
})
