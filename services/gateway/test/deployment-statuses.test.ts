import { DeploymentRequest, DeploymentStatus } from '@gwm/domain'
import { createQueue, QUEUES } from '@gwm/queue'
import { closedPort } from '@gwm/testkit'
import t from 'tap'
import { seedRequest } from './helpers/deployments.ts'
import { startVariant, startWithGitHub } from './helpers/gateway.ts'
import { login } from './helpers/login.ts'

// POST /api/deployments/{requestId}/statuses: the platform reports back. Real Postgres and
// Redis; the mirror job is read back from Redis as the worker would see it.
const gateway = await startWithGitHub(t)
const { app, sim, config, orm, redis } = gateway
const githubWrites = createQueue(QUEUES.githubWrites, redis.client, config.QUEUE_PREFIX)
t.teardown(() => githubWrites.close())

const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}`, 'content-type': 'application/json' }
const report = (requestId: string, body: unknown, headers: Record<string, string> = platform) =>
  app.inject({ method: 'POST', url: `/api/deployments/${requestId}/statuses`, headers, payload: typeof body === 'string' ? body : JSON.stringify(body) })

const rowsOf = (requestId: string) => orm.em.fork().find(DeploymentStatus, { request: requestId }, { orderBy: { createdAt: 'asc' } })
const requestRow = (requestId: string) => orm.em.fork().findOneOrFail(DeploymentRequest, { id: requestId })

t.test('a new status: 201, stored, the request\'s current state; the same status again: 200, still one row', async (t) => {
  const { requestId } = await seedRequest(orm)
  const first = await report(requestId, { state: 'queued', description: 'build 41 queued' })
  t.equal(first.statusCode, 201, first.body)
  t.match(first.json(), {
    status: { state: 'queued', description: 'build 41 queued', environmentUrl: null, logUrl: null, applied: true, mirroredToGitHub: false },
    repeated: false,
    request: { id: requestId, platformState: 'queued', environmentUrl: null },
    githubMirror: 'off',
  })
  const again = await report(requestId, { description: 'build 41 queued', state: 'queued' })
  t.equal(again.statusCode, 200, 'the repeat says so')
  t.equal(again.json().repeated, true)
  t.equal(again.json().status.id, first.json().status.id, 'the status already stored')
  t.equal((await rowsOf(requestId)).length, 1, 'one row')
  const row = await requestRow(requestId)
  t.equal(row.platformState, 'queued')
  t.ok(row.platformStateAt, 'with its time')
})

t.test('absent, null and empty fields are the same status', async (t) => {
  const { requestId } = await seedRequest(orm)
  t.equal((await report(requestId, { state: 'in_progress' })).statusCode, 201)
  t.equal((await report(requestId, { state: 'in_progress', logUrl: undefined })).statusCode, 200)
  const none = await report(requestId, { state: 'in_progress', environmentUrl: null, logUrl: null, description: null })
  t.equal(none.statusCode, 200, 'null is none')
  t.equal((await report(requestId, { state: 'in_progress', description: '' })).statusCode, 200, 'and so is an empty description')
  t.match(none.json().status, { environmentUrl: null, logUrl: null, description: null })
  t.equal((await report(requestId, { state: 'in_progress', description: 'building' })).statusCode, 201, 'another description is another status')
  t.equal((await rowsOf(requestId)).length, 2)
})

t.test('ordered: a late in_progress after success is history; a later outcome replaces one; nothing but inactive follows inactive', async (t) => {
  const { requestId } = await seedRequest(orm)
  const url = 'https://hello-world.example.com/'
  t.equal((await report(requestId, { state: 'in_progress', logUrl: 'https://ci.example.com/builds/7' })).statusCode, 201)
  const success = await report(requestId, { state: 'success', environmentUrl: url })
  t.match(success.json(), { status: { applied: true }, request: { platformState: 'success', environmentUrl: url } })
  const atSuccess = (await requestRow(requestId)).platformStateAt

  const late = await report(requestId, { state: 'in_progress', environmentUrl: 'https://stale.example.com/' })
  t.equal(late.statusCode, 201, 'kept in history')
  t.match(late.json(), { status: { state: 'in_progress', applied: false }, request: { platformState: 'success', environmentUrl: url } })
  let row = await requestRow(requestId)
  t.equal(row.platformState, 'success', 'the current state stays success')
  t.equal(row.environmentUrl, url, 'and so does its URL')
  t.same(row.platformStateAt, atSuccess, 'and its time')

  const failure = await report(requestId, { state: 'failure', description: 'health check failed after release' })
  t.match(failure.json(), { status: { applied: true }, request: { platformState: 'failure', environmentUrl: url } }, 'a later outcome replaces success')
  t.equal((await report(requestId, { state: 'queued' })).json().status.applied, false, 'queued after an outcome: history')
  t.equal((await report(requestId, { state: 'inactive' })).json().request.platformState, 'inactive')
  const after = await report(requestId, { state: 'success', description: 'too late' })
  t.match(after.json(), { status: { applied: false }, request: { platformState: 'inactive' } }, 'nothing but inactive follows inactive')
  row = await requestRow(requestId)
  t.equal(row.platformState, 'inactive')
  t.same((await rowsOf(requestId)).map((s) => [s.state, s.applied]),
    [['in_progress', true], ['success', true], ['in_progress', false], ['failure', true], ['queued', false], ['inactive', true], ['success', false]])
})

t.test('a repeat of an earlier status changes nothing, even after a later one', async (t) => {
  const { requestId } = await seedRequest(orm)
  await report(requestId, { state: 'success' })
  await report(requestId, { state: 'failure' })
  const retried = await report(requestId, { state: 'success' })
  t.equal(retried.statusCode, 200)
  t.equal(retried.json().request.platformState, 'failure', 'the retry of the first POST is not news')
})

t.test('statuses of one request sent together: one row each, the current state is the highest', async (t) => {
  const { requestId } = await seedRequest(orm)
  const states = ['queued', 'in_progress', 'success', 'queued', 'in_progress', 'success'] as const
  const answers = await Promise.all(states.map((state) => report(requestId, { state })))
  t.same(answers.map((a) => a.statusCode).sort(), [200, 200, 200, 201, 201, 201])
  t.equal((await rowsOf(requestId)).length, 3)
  t.equal((await requestRow(requestId)).platformState, 'success')
})

t.test('which requests take a status', async (t) => {
  for (const status of ['pending', 'delivering', 'delivered', 'failed'] as const) {
    const { requestId } = await seedRequest(orm, { status })
    t.equal((await report(requestId, { state: 'queued' })).statusCode, 201, `a ${status} request (the platform may have it)`)
  }
  const teardown = await seedRequest(orm, { kind: 'teardown', environment: 'pr-7' })
  const gone = await report(teardown.requestId, { state: 'inactive', description: 'environment removed' })
  t.equal(gone.statusCode, 201, 'a teardown too')
  t.equal(gone.json().request.platformState, 'inactive')
  for (const status of ['superseded', 'cancelled', 'blocked', 'waiting_checks'] as const) {
    const { requestId } = await seedRequest(orm, { status })
    const res = await report(requestId, { state: 'success' })
    t.equal(res.statusCode, 409, `a ${status} request was never sent: 409`)
    t.match(res.json(), { error: 'not_sent', message: new RegExp(`is ${status}: .*takes no status`) })
    t.equal((await rowsOf(requestId)).length, 0, 'nothing stored')
    t.equal((await requestRow(requestId)).platformState, null, 'nothing changed')
  }
})

t.test('bad input: a clear error naming the field, nothing stored', async (t) => {
  const { requestId } = await seedRequest(orm)
  const cases: Array<[string, unknown, RegExp]> = [
    ['an unknown state', { state: 'done' }, /^body\/state must be equal to one of the allowed values \(queued, in_progress, success, failure, error, inactive\)$/],
    ['a state in capitals', { state: 'SUCCESS' }, /^body\/state /],
    ['no state', { environmentUrl: 'https://x.example.com/' }, /^body must have required property 'state'$/],
    ['a state that is not a string', { state: 3 }, /^body\/state /],
    ['an ftp URL', { state: 'success', environmentUrl: 'ftp://files.example.com/build' }, /^body\/environmentUrl must be an http or https URL, not ftp:$/],
    ['a javascript: URL', { state: 'success', environmentUrl: 'javascript:alert(1)' }, /^body\/environmentUrl must be an http or https URL, not javascript:$/],
    ['a log URL without a host', { state: 'success', logUrl: 'https://' }, /^body\/logUrl must/],
    ['not a URL', { state: 'success', logUrl: 'see the build log' }, /^body\/logUrl must match format "uri"$/],
    ['a URL with a space', { state: 'success', logUrl: 'https://ci.example.com/a b' }, /^body\/logUrl must match format "uri"$/],
    ['a URL over 2048 characters', { state: 'success', environmentUrl: `https://x.example.com/${'a'.repeat(2048)}` }, /^body\/environmentUrl must NOT have more than 2048 characters$/],
    ['a description over 140 characters', { state: 'success', description: 'd'.repeat(141) }, /^body\/description must NOT have more than 140 characters$/],
    ['a description that is an object', { state: 'success', description: { text: 'x' } }, /^body\/description must be string,null$/],
    ['an unknown field', { state: 'success', environment: 'production' }, /^body must NOT have additional properties \(environment\)$/],
    ['a body that is not an object', '["success"]', /^body must be object$/],
  ]
  for (const [name, body, message] of cases) {
    const res = await report(requestId, body)
    t.equal(res.statusCode, 400, `${name}: 400`)
    t.match(res.json(), { error: 'validation_failed', message }, name)
  }
  const broken = await report(requestId, '{"state": "success"')
  t.equal(broken.statusCode, 400, 'malformed JSON: 400')
  t.same(Object.keys(broken.json()).sort(), ['error', 'message'])
  t.equal((await report(requestId, { state: 'success', description: 'd'.repeat(140) })).statusCode, 201, '140 characters are fine')
  t.equal((await rowsOf(requestId)).length, 1, 'only the good one stored')

  const malformed = await report('not-a-uuid', { state: 'success' })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.json(), { error: 'validation_failed', message: /^params\/requestId must match format "uuid"$/ })
  const unknown = await report('6f1f0c2e-0d5e-4a51-9a3c-0c4b1b0e7d11', { state: 'success' })
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { error: 'not_found', message: /no deployment request 6f1f0c2e-0d5e-4a51-9a3c-0c4b1b0e7d11: use the id of a callback you received/ })
})

t.test('only the platform\'s token: 401 otherwise, checked before the body', async (t) => {
  const { requestId } = await seedRequest(orm)
  const json = { 'content-type': 'application/json' }
  const cases: Array<[string, Record<string, string>]> = [
    ['no Authorization', json],
    ['a wrong token', { ...json, authorization: 'Bearer wrong' }],
    ['the token as Basic', { ...json, authorization: `Basic ${config.PLATFORM_API_TOKEN}` }],
  ]
  for (const [name, headers] of cases) {
    for (const body of [{ state: 'success' }, { state: 'nonsense', extra: 1 }]) {
      const res = await report(requestId, body, headers)
      t.equal(res.statusCode, 401, `${name}, ${JSON.stringify(body)}: 401`)
      t.match(res.headers['www-authenticate'], /^Bearer/)
    }
  }
  const user = await login(app, sim, 'octocat')
  const signedIn = await user.browser.request({ method: 'POST', url: `/api/deployments/${requestId}/statuses`, headers: { ...json, 'x-csrf-token': user.csrfToken }, payload: { state: 'success' } })
  t.equal(signedIn.statusCode, 401, 'a signed-in user is not the platform')
  t.equal((await rowsOf(requestId)).length, 0, 'nothing stored')
})

t.test('GitHub App mode: each new status is queued for the mirror once, job id = the status id', async (t) => {
  const { requestId } = await seedRequest(orm, { installationId: 52843117 })
  const first = await report(requestId, { state: 'success', environmentUrl: 'https://hello.example.com/' })
  t.equal(first.statusCode, 201)
  t.equal(first.json().githubMirror, 'queued')
  const statusId = first.json().status.id
  const job = await githubWrites.getJob(statusId)
  t.ok(job, 'the job is in Redis')
  t.equal(job?.name, 'github-deployment-status')
  t.same(job?.data, { requestId, statusId })
  t.equal(job?.opts.attempts, 15, 'with the catalog\'s retries')

  const again = await report(requestId, { state: 'success', environmentUrl: 'https://hello.example.com/' })
  t.equal(again.statusCode, 200)
  t.equal(again.json().githubMirror, 'queued', 'not mirrored yet: asked again')
  const jobs = await githubWrites.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])
  t.equal(jobs.filter((j) => j.data.requestId === requestId).length, 1, 'still one job')

  await orm.em.fork().nativeUpdate(DeploymentStatus, { id: statusId }, { githubStatusId: 77 })
  const mirrored = await report(requestId, { state: 'success', environmentUrl: 'https://hello.example.com/' })
  t.equal(mirrored.json().githubMirror, 'done', 'once the worker mirrored it')
  t.equal(mirrored.json().status.mirroredToGitHub, true)
})

t.test('Redis away: the status is stored, 503 asks for it again; the repeat queues the mirror', async (t) => {
  const { requestId } = await seedRequest(orm, { installationId: 52843117 })
  const down = await startVariant(t, gateway, { REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, PLATFORM_API_TOKEN: config.PLATFORM_API_TOKEN!.join(',') }, undefined, { redisUp: false })
  const body = JSON.stringify({ state: 'success', environmentUrl: 'https://hello.example.com/' })
  const first = await down.inject({ method: 'POST', url: `/api/deployments/${requestId}/statuses`, headers: platform, payload: body })
  t.equal(first.statusCode, 503)
  t.equal(first.headers['retry-after'], '5')
  t.match(first.json(), { error: 'unavailable', message: /the status is stored, .*send the same status again/ })
  const [row] = await rowsOf(requestId)
  t.equal((await requestRow(requestId)).platformState, 'success', 'the state is kept')
  const again = await report(requestId, body)
  t.equal(again.statusCode, 200, 'the repeat, once Redis is back')
  t.equal(again.json().githubMirror, 'queued')
  t.same((await githubWrites.getJob(String(row?.id)))?.data, { requestId, statusId: row?.id }, 'the job is there now')
})

t.test('OAuth App mode: nothing is queued for GitHub', async (t) => {
  const { requestId } = await seedRequest(orm)
  const res = await report(requestId, { state: 'success' })
  t.equal(res.json().githubMirror, 'off')
  t.equal(await githubWrites.getJob(res.json().status.id), undefined)
})

t.test('OpenAPI: the status route with its operationId, body schema and answers', async (t) => {
  const spec = (await app.inject('/openapi.json')).json()
  const post = spec.paths['/api/deployments/{requestId}/statuses'].post
  t.equal(post.operationId, 'reportDeploymentStatus')
  t.same(post.security, [{ platform: [] }], 'the platform\'s token only')
  t.same(Object.keys(post.responses).sort(), ['200', '201', '400', '401', '404', '409', '429', '503'])
  const body = post.requestBody.content['application/json'].schema
  t.same(body.properties.state.enum, ['queued', 'in_progress', 'success', 'failure', 'error', 'inactive'])
  t.equal(body.additionalProperties, false)
  t.equal(spec.paths['/api/deployments/{requestId}'].get.operationId, 'getDeployment')
  t.equal(spec.paths['/api/repos/{owner}/{repo}/environments'].get.operationId, 'listEnvironments')
})
