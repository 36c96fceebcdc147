import t from 'tap'
import { ENVIRONMENTS_SQL } from '../src/lib/deployments/environments.ts'
import { seedRequest } from './helpers/deployments.ts'
import { startWithGitHub } from './helpers/gateway.ts'
import { login } from './helpers/login.ts'

// GET /api/repos/{owner}/{repo}/environments: each environment's last requested and last
// deployed commit, its URL and state, from what the worker stored and the platform reported.
const { app, sim, config, orm } = await startWithGitHub(t)
const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }
const report = async (requestId: string, body: Record<string, unknown>) => {
  const res = await app.inject({ method: 'POST', url: `/api/deployments/${requestId}/statuses`, headers: platform, payload: body })
  if (res.statusCode !== 201) throw new Error(`status answered ${res.statusCode}: ${res.body}`)
}
const repo = 'octocat/private-notes' as const

// production: 1 and 2 deployed, 3 deploying, 4 superseded; pr-7: a preview, then its teardown; branch-x: not reported yet.
const p1 = await seedRequest(orm, { repo, sequence: 1 })
const p2 = await seedRequest(orm, { repo, sequence: 2 })
const p3 = await seedRequest(orm, { repo, sequence: 3 })
await seedRequest(orm, { repo, sequence: 4, status: 'superseded' })
await report(p1.requestId, { state: 'success', environmentUrl: 'https://notes.example.com/v1' })
await report(p2.requestId, { state: 'success', environmentUrl: 'https://notes.example.com/' })
await report(p3.requestId, { state: 'in_progress' })
await report(p2.requestId, { state: 'in_progress' })
const preview = await seedRequest(orm, { repo, environment: 'pr-7', kind: 'preview', sequence: 1 })
const teardown = await seedRequest(orm, { repo, environment: 'pr-7', kind: 'teardown', sequence: 2 })
await report(preview.requestId, { state: 'success', environmentUrl: 'https://pr-7.notes.example.com/' })
await report(teardown.requestId, { state: 'inactive' })
const branch = await seedRequest(orm, { repo, environment: 'branch-x', kind: 'preview', sequence: 1, status: 'pending' })

t.test('each environment: last requested, last deployed, URL and current state', async (t) => {
  const res = await app.inject({ url: `/api/repos/${repo}/environments`, headers: platform })
  t.equal(res.statusCode, 200, 'the platform reads them')
  const body = res.json()
  t.same(body.repository, { id: 1296270, fullName: repo })
  t.same(body.environments.map((e: { name: string }) => e.name), ['branch-x', 'pr-7', 'production'], 'ordered by name')
  const [branchX, pr7, production] = body.environments
  t.match(production, {
    state: 'in_progress',
    url: 'https://notes.example.com/',
    lastRequested: { id: p3.requestId, kind: 'production', sha: p3.sha, status: 'delivered', sequence: 3 },
    lastDeployed: { id: p2.requestId, sha: p2.sha },
  }, 'the superseded request is not the last requested; the late in_progress of 2 keeps it deployed')
  t.ok(Date.parse(production.lastDeployed.at) > 0, 'when it was reported')
  t.match(pr7, {
    state: 'inactive',
    url: 'https://pr-7.notes.example.com/',
    lastRequested: { id: teardown.requestId, kind: 'teardown' },
    lastDeployed: { id: preview.requestId },
  })
  t.same({ ...branchX, lastRequested: { ...branchX.lastRequested, createdAt: 'x' } }, {
    name: 'branch-x', url: null, state: null, stateAt: null, lastDeployed: null,
    lastRequested: { id: branch.requestId, kind: 'preview', sha: branch.sha, status: 'pending', sequence: 1, createdAt: 'x' },
  }, 'nothing reported yet')
})

t.test('who may read them', async (t) => {
  const reader = await login(app, sim, 'monalisa')
  t.equal((await reader.browser.request(`/api/repos/${repo}/environments`)).statusCode, 200, 'a user who can read the repository on GitHub')
  const stranger = await login(app, sim, 'hubot')
  const hidden = await stranger.browser.request(`/api/repos/${repo}/environments`)
  t.equal(hidden.statusCode, 404, 'one who cannot see it: GitHub\'s 404')
  t.match(hidden.json(), { error: 'not_found' })
  t.equal((await app.inject(`/api/repos/${repo}/environments`)).statusCode, 401, 'nobody: 401')
  t.equal((await app.inject({ url: `/api/repos/${repo}/environments`, headers: { authorization: 'Bearer wrong' } })).statusCode, 401, 'a wrong token: 401')
  const owner = await login(app, sim, 'octocat')
  const empty = await owner.browser.request('/api/repos/octocat/empty-repo/environments')
  t.equal(empty.statusCode, 200, 'a visible repository with nothing requested yet')
  t.same(empty.json(), { repository: { id: null, fullName: 'octocat/empty-repo' }, environments: [] })
  const unknown = await app.inject({ url: '/api/repos/octocat/empty-repo/environments', headers: platform })
  t.equal(unknown.statusCode, 404, 'the platform, for a repository not known here')
  t.equal((await app.inject({ url: '/api/repos/octo cat/x/environments', headers: platform })).statusCode, 400, 'a malformed owner')
})

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[]; Plan?: PlanNode }
const nodesOf = (value: unknown): PlanNode[] => {
  const nodes: PlanNode[] = []
  const visit = (node: PlanNode | undefined) => {
    if (!node) return
    nodes.push(node)
    visit(node.Plan)
    for (const child of node.Plans ?? []) visit(child)
  }
  for (const root of (Array.isArray(value) ? value : [value]) as PlanNode[]) visit(root)
  return nodes
}

t.test('one statement that walks the (repository, environment, sequence) index, on a few thousand rows', async (t) => {
  const em = orm.em.fork()
  const { repositoryId } = await seedRequest(orm, { repo: 'octocat/hello-world', sequence: 1 })
  // 40 environments x 100 requests here, and as many in another repository.
  for (const [id, n] of [[repositoryId, 4000], [p1.repositoryId, 4000]] as const) {
    await em.execute(`insert into webhook_events (id, delivery_id, event, repository_id, received_at, payload)
      select gen_random_uuid(), 'bulk-' || ?::text || '-' || g, 'push', ?::uuid, now(), '{}'::json from generate_series(1, ?::int) g`, [id, id, n])
    await em.execute(`insert into deployment_requests (id, event_id, repository_id, kind, ref, sha, environment, status, sequence, platform_state, next_attempt_at, created_at, updated_at, received_at)
      select gen_random_uuid(), e.id, e.repository_id, 'preview', 'refs/heads/x', md5(e.delivery_id), 'bulk-' || (n % 40), 'delivered', n / 40 + 100,
        case when n % 3 = 0 then 'success' else 'failure' end, now(), now(), now(), e.received_at
      from (select id, repository_id, delivery_id, received_at, row_number() over () as n from webhook_events where delivery_id like 'bulk-' || ?::text || '-%') e`, [id])
    await em.execute(`insert into environment_sequences (repository_id, environment, last_sequence)
      select distinct repository_id, environment, 0 from deployment_requests where repository_id = ?::uuid on conflict do nothing`, [id])
  }
  await em.execute('analyze deployment_requests')
  await em.execute('analyze environment_sequences')
  const [plan] = await em.execute<Array<{ 'QUERY PLAN': unknown }>>(`explain (format json) ${ENVIRONMENTS_SQL}`, [repositoryId])
  // The table is partitioned by day: a scan names its partition, and the partition's own index of the parent's.
  const partitions = new Set((await em.execute<Array<{ name: string }>>(`select inhrelid::regclass::text as name from pg_inherits where inhparent = 'deployment_requests'::regclass`)).map((row) => row.name))
  const sequenceIndexes = new Set((await em.execute<Array<{ name: string }>>(`select inhrelid::regclass::text as name from pg_inherits where inhparent = 'deployment_requests_repository_id_environment_sequence_index'::regclass`)).map((row) => row.name))
  const scans = nodesOf(plan?.['QUERY PLAN']).filter((node) => partitions.has(node['Relation Name'] as string))
  t.equal(scans.length, 3, 'three laterals read deployment_requests')
  t.notOk(scans.some((node) => node['Node Type'] === 'Seq Scan'), 'none of them sequentially')
  t.ok(scans.some((node) => sequenceIndexes.has(node['Index Name'] as string)),
    'the newest are found through the (repository, environment, sequence) index')
  const started = performance.now()
  const res = await app.inject({ url: '/api/repos/octocat/hello-world/environments', headers: platform })
  const ms = performance.now() - started
  t.equal(res.statusCode, 200)
  const bulk = res.json().environments.filter((e: { name: string }) => e.name.startsWith('bulk-'))
  t.equal(bulk.length, 40)
  t.ok(bulk.every((e: { lastRequested: { sequence: number }; lastDeployed: unknown }) => e.lastRequested.sequence >= 199 && e.lastDeployed), 'the newest of each')
  t.comment(`environments of 4,000 requests in ${ms.toFixed(1)} ms`)
})
