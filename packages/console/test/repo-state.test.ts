import t from 'tap'
import { connectionText, type RepoFacts, repoActions } from '../src/pages/repos/repo-state.ts'

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
