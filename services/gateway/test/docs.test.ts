import { CALLBACK_BODIES } from '@gwm/domain'
import t from 'tap'
import { readFileSync } from 'node:fs'
import { ingestBaseUrl } from '../src/lib/docs/ingest-webhook.ts'
import { startGateway } from './helpers/gateway.ts'

const { app } = await startGateway(t)

/** Every route of the seed and the issue, as OpenAPI names it. */
const API_ROUTES = [
  ['get', '/auth/login'],
  ['get', '/auth/callback'],
  ['post', '/auth/logout'],
  ['get', '/auth/session'],
  ['get', '/user/profile'],
  ['get', '/user/repos'],
  ['get', '/api/repos/{owner}/{repo}/commits'],
  ['post', '/api/repos/{owner}/{repo}/setup-webhook'],
  ['get', '/api/repos/{owner}/{repo}/webhook'],
  ['delete', '/api/repos/{owner}/{repo}/webhook'],
  ['post', '/api/repos/{owner}/{repo}/webhook/ping'],
  ['post', '/api/repos/{owner}/{repo}/webhook/rotate-secret'],
  ['post', '/api/repos/{owner}/{repo}/webhook/redeliver-failed'],
  ['get', '/api/repos/{owner}/{repo}/environments'],
  ['post', '/api/deployments/{requestId}/statuses'],
  ['get', '/api/deployments/{requestId}'],
  ['get', '/healthz'],
  ['get', '/readyz'],
  ['get', '/metrics'],
]

type Operation = { summary?: string; tags?: string[]; responses?: Record<string, unknown>; security?: unknown[]; parameters?: Array<{ name: string; in: string }> }

t.test('/openapi.json documents every route, with its security and error shapes', async (t) => {
  const res = await app.inject('/openapi.json')
  t.equal(res.statusCode, 200)
  const spec = res.json()
  t.equal(spec.openapi, '3.1.0')
  t.ok(spec.components.securitySchemes.session, 'cookie session scheme')
  t.ok(spec.components.securitySchemes.csrf, 'CSRF header scheme')
  t.ok(spec.components.securitySchemes.platform, 'platform bearer scheme')
  for (const [method, path] of API_ROUTES) t.ok(spec.paths[path!]?.[method!], `${method} ${path} is documented`)
  t.same(Object.keys(spec.webhooks).sort(), Object.keys(CALLBACK_BODIES).sort(), 'every callback the platform receives is documented as a webhook')
  t.same(spec.webhooks['deployment.requested'].post.requestBody.content['application/json'].schema, JSON.parse(JSON.stringify(CALLBACK_BODIES['deployment.requested'])), 'with the schema the worker is checked against')

  const operations = Object.entries(spec.paths as Record<string, Record<string, Operation>>)
    .flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, operation]) => ({ name: `${method} ${path}`, path, operation })))
  t.ok(operations.length >= API_ROUTES.length)
  for (const { name, operation } of operations) {
    t.ok(operation.summary, `${name} has a summary`)
    t.ok(operation.tags?.length, `${name} is tagged`)
    if (operation.security?.length) t.ok(operation.responses?.['401'], `${name} documents 401`)
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (Number(status) < 400) continue
      t.match(response, { content: { 'application/json': { schema: { required: ['error', 'message'] } } } }, `${name} documents its ${status} body`)
    }
  }
  for (const [method, path] of API_ROUTES.filter(([, path]) => path!.startsWith('/api/') || path!.startsWith('/user/'))) {
    t.ok(spec.paths[path!][method!].security?.length, `${method} ${path} states its security`)
  }
  const commits = spec.paths['/api/repos/{owner}/{repo}/commits'].get as Operation
  t.same(commits.parameters?.map((param) => `${param.in}:${param.name}`).sort(),
    ['path:owner', 'path:repo', 'query:branch', 'query:page', 'query:per_page', 'query:sha'])
  t.notOk(spec.paths['/redoc'], 'the docs pages themselves are not API routes')
})

t.test('every operation has an operationId a generated client can name its function after', async (t) => {
  const spec = (await app.inject('/openapi.json')).json()
  const operations = Object.entries(spec.paths as Record<string, Record<string, Operation & { operationId?: string }>>)
    .flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, operation]) => ({ name: `${method} ${path}`, id: operation.operationId })))
  for (const { name, id } of operations) t.match(id, /^[a-z][A-Za-z]+$/, `${name}: ${id}`)
  const ids = operations.map((op) => op.id)
  t.same(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'no operationId is used twice')
  t.equal(spec.paths['/api/events']?.get?.operationId, 'listEvents')
  t.equal(spec.paths['/api/events/{deliveryId}/replay']?.post?.operationId, 'replayEvent')
})

t.test('the live stream is documented as text/event-stream', async (t) => {
  const spec = (await app.inject('/openapi.json')).json()
  const stream = spec.paths['/api/events/stream'].get
  t.equal(stream.operationId, 'streamEvents')
  t.same(Object.keys(stream.responses['200'].content), ['text/event-stream'])
})

/** The seed's table of endpoints: one API, whichever service serves each. */
const SEED_ENDPOINTS = [
  ['get', '/auth/login'],
  ['get', '/auth/callback'],
  ['get', '/user/profile'],
  ['get', '/user/repos'],
  ['get', '/api/repos/{owner}/{repo}/commits'],
  ['post', '/api/repos/{owner}/{repo}/setup-webhook'],
  ['post', '/api/webhook'],
]

t.test('one document describes every endpoint of the seed, the ingest\'s webhook under the ingest\'s URL', async (t) => {
  const spec = (await app.inject('/openapi.json')).json()
  for (const [method, path] of SEED_ENDPOINTS) t.ok(spec.paths[path!]?.[method!], `${method} ${path} is documented`)

  const webhook = spec.paths['/api/webhook'].post
  // The test environment's WEBHOOK_URL is http://127.0.0.1:8001/api/webhook.
  t.same(webhook.servers.map((server: { url: string }) => server.url), ['http://127.0.0.1:8001'], 'served by the ingest, where GitHub posts')
  t.not(spec.servers[0].url, webhook.servers[0].url, 'not by the gateway')
  const headers = Object.fromEntries(webhook.parameters.filter((p: { in: string }) => p.in === 'header').map((p: { name: string; required: boolean }) => [p.name, p.required]))
  t.match(headers, { 'X-GitHub-Event': true, 'X-GitHub-Delivery': true, 'X-Hub-Signature-256': true, 'X-GitHub-Hook-ID': false })
  t.same(webhook.responses['202'].content['application/json'].schema.required, ['deliveryId'])
  t.ok(webhook.responses['503'].headers['Retry-After'], '503 says when to redeliver')
  t.same(webhook.responses['401'].content['application/json'].schema.properties.error.enum.sort(),
    ['installation_mismatch', 'malformed_signature', 'missing_signature', 'sha1_only', 'unauthorized'])

  // Every answer of the ingest's own table (its README, "Answers") is documented.
  const readme = readFileSync(new URL('../../ingest/README.md', import.meta.url), 'utf8')
  const answers = readme.slice(readme.indexOf('## Answers'), readme.indexOf('## Configuration'))
  const statuses = [...answers.matchAll(/^\| (\d{3})\b/gm)].map((match) => match[1]!)
  t.ok(statuses.length >= 7, 'the ingest\'s table was read')
  t.same(statuses.filter((status) => !webhook.responses[status]), [], 'every answer of the ingest is documented')
})

t.test('the ingest\'s URL is WEBHOOK_URL less the route\'s path', async (t) => {
  t.equal(ingestBaseUrl('https://gwm.example.com/api/webhook'), 'https://gwm.example.com')
  t.equal(ingestBaseUrl('https://gwm.example.com/webhooks/github'), 'https://gwm.example.com')
  t.equal(ingestBaseUrl('https://example.com/gwm/api/webhook'), 'https://example.com/gwm', 'behind a path prefix')
  t.equal(ingestBaseUrl('https://smee.io/abc123'), 'https://smee.io/abc123', 'a relay URL is kept whole')
})

t.test('/docs serves Swagger UI from the package', async (t) => {
  const page = await app.inject('/docs/')
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.match(page.body, /swagger-ui/)
  t.notMatch(page.body, /https?:\/\/(unpkg|cdn)/, 'no CDN')
  const json = await app.inject('/docs/json')
  t.equal(json.statusCode, 200)
  t.ok(json.json().paths['/auth/login'])
})

t.test('/redoc serves ReDoc and its bundle locally', async (t) => {
  const page = await app.inject('/redoc')
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.match(page.body, /<redoc spec-url="\/openapi.json">/)
  t.match(page.body, /src="\/redoc\/redoc.standalone.js"/)
  t.notMatch(page.body, /https?:\/\//, 'no external script')
  t.match(String(page.headers['content-security-policy']), /script-src 'self'/)
  const bundle = await app.inject('/redoc/redoc.standalone.js')
  t.equal(bundle.statusCode, 200)
  t.match(bundle.headers['content-type'], /javascript/)
  t.ok(bundle.body.length > 100_000, 'the real bundle')
})
