import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startGateway, startVariant } from './helpers/gateway.ts'

// A console build as Vite lays it out: index.html naming its hashed assets, nothing inline.
const INDEX = '<!doctype html><html lang="en"><head><script type="module" src="/assets/index-3f2a1b.js"></script></head><body><div id="app"></div></body></html>'
const SCRIPT = 'document.getElementById("app").textContent = "console"\n'
const dist = mkdtempSync(join(tmpdir(), 'gwm-console-'))
t.teardown(() => rmSync(dist, { recursive: true, force: true }))
mkdirSync(join(dist, 'assets'))
writeFileSync(join(dist, 'index.html'), INDEX)
writeFileSync(join(dist, 'assets/index-3f2a1b.js'), SCRIPT)
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
writeFileSync(join(dist, '.env'), 'SECRET=never-served\n')

const gateway = await startGateway(t, { env: { CONSOLE_DIR: dist } })
const { app } = gateway

t.test('/ serves the console page, never cached, under a CSP without inline script', async (t) => {
  const res = await app.inject('/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html/)
  t.equal(res.body, INDEX)
  t.equal(res.headers['cache-control'], 'no-cache')
  const csp = String(res.headers['content-security-policy'])
  t.match(csp, /script-src 'self'(;|$)/, 'scripts from the gateway only')
  t.notMatch(csp, /unsafe-inline|unsafe-eval/, 'no inline script or style')
  t.match(csp, /frame-ancestors 'none'/)
  t.equal(res.headers['x-content-type-options'], 'nosniff', 'the other security headers stay')
})

t.test('hashed assets are served with a year-long immutable cache, other files revalidate', async (t) => {
  const asset = await app.inject('/assets/index-3f2a1b.js')
  t.equal(asset.statusCode, 200)
  t.match(asset.headers['content-type'], /javascript/)
  t.equal(asset.body, SCRIPT)
  t.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable')
  const icon = await app.inject('/favicon.svg')
  t.equal(icon.statusCode, 200)
  t.equal(icon.headers['cache-control'], 'no-cache', 'an unhashed name may change content')
  const head = await app.inject({ method: 'HEAD', url: '/assets/index-3f2a1b.js' })
  t.equal(head.statusCode, 200)
})

t.test('each console path falls back to index.html, so a reload or a shared link opens the page', async (t) => {
  for (const path of ['/events', '/events/3f1c2a90-0000-4000-8000-000000000001', '/events/abc', '/repos', '/signin', '/?login_error=access_denied']) {
    const res = await app.inject(path)
    t.equal(res.statusCode, 200, `${path} answers`)
    t.equal(res.body, INDEX, `${path} is the console page`)
    t.match(String(res.headers['content-security-policy']), /script-src 'self'/)
  }
})

t.test('the API, sign-in, docs, probes and operator pages never fall back: their 404 stays JSON', async (t) => {
  for (const path of ['/api/unknown', '/api/events/x/y/z', '/auth/unknown', '/user/unknown', '/docs/unknown.js', '/admin', '/admin/queues', '/metrics/x', '/somewhere-else', '/assets/missing.js']) {
    const res = await app.inject(path)
    t.equal(res.statusCode, 404, `${path} is 404`)
    t.match(res.headers['content-type'], /application\/json/, `${path} answers JSON`)
    t.match(res.json(), { error: 'not_found' })
  }
  t.match((await app.inject('/openapi.json')).json(), { openapi: '3.1.0' }, '/openapi.json is the document')
  t.equal((await app.inject('/healthz')).statusCode, 200)
  t.notOk((await app.inject('/openapi.json')).json().paths['/'], 'the console is no API route')
})

t.test('files outside the build and dotfiles are never served', async (t) => {
  for (const path of ['/.env', '/assets/..%2f.env', '/..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%00.js', '//favicon.svg']) {
    const res = await app.inject(path)
    t.equal(res.statusCode, 404, `${path} is 404`)
    t.match(res.json(), { error: 'not_found' }, `${path}: the JSON 404, as any path that matches nothing`)
    t.notMatch(res.body, /never-served|root:/, `${path} leaks nothing`)
  }
})

t.test('a console not built yet: / says how to build it (503 JSON), the API still works', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'gwm-console-empty-'))
  t.teardown(() => rmSync(empty, { recursive: true, force: true }))
  const bare = await startVariant(t, gateway, { CONSOLE_DIR: join(empty, 'dist') })
  const res = await bare.inject('/events')
  t.equal(res.statusCode, 503)
  t.match(res.json(), { error: 'console_not_built', message: /npm start builds it.*pnpm --filter @gwm\/console build/ })
  t.equal((await bare.inject('/healthz')).statusCode, 200)
  t.equal((await bare.inject('/api/unknown')).statusCode, 404)

  // Built while the gateway runs: served at once, no restart.
  mkdirSync(join(empty, 'dist'))
  writeFileSync(join(empty, 'dist/index.html'), INDEX)
  t.equal((await bare.inject('/')).body, INDEX)
})

t.test('FRONTEND_URL unset: sign-in lands on the gateway itself, where the console is', async (t) => {
  const own = await startVariant(t, gateway, { CONSOLE_DIR: dist, FRONTEND_URL: '' })
  const target = `/auth/login?redirect=${encodeURIComponent(`${new URL(gateway.config.REDIRECT_URI).origin}/events`)}`
  t.equal((await own.inject(target)).statusCode, 302, 'the console on the gateway is where sign-in may land')
  t.equal((await app.inject(target)).statusCode, 400, 'with FRONTEND_URL set elsewhere, it is not')
})
