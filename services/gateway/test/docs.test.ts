import t from 'tap'
import { startGateway } from './helpers/gateway.ts'

const { app } = await startGateway(t)

/** Every route we serve, as OpenAPI names it; docs and probes excepted. */
const API_ROUTES = [
  ['get', '/auth/login'],
  ['get', '/auth/callback'],
  ['post', '/auth/logout'],
  ['get', '/auth/session'],
]

t.test('/openapi.json documents every route, with its security and error shapes', async (t) => {
  const res = await app.inject('/openapi.json')
  t.equal(res.statusCode, 200)
  const spec = res.json()
  t.equal(spec.openapi, '3.1.0')
  t.ok(spec.components.securitySchemes.session, 'cookie session scheme')
  t.ok(spec.components.securitySchemes.platform, 'platform bearer scheme')
  for (const [method, path] of API_ROUTES) {
    const operation = spec.paths[path!]?.[method!]
    t.ok(operation, `${method} ${path} is documented`)
    t.ok(operation?.summary, `${method} ${path} has a summary`)
    t.ok(operation?.tags?.length, `${method} ${path} is tagged`)
  }
  t.notOk(spec.paths['/redoc'], 'the docs pages themselves are not API routes')
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
