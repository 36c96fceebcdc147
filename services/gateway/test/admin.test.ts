import { DeadLetter } from '@gwm/domain'
import { appendToInbox, QUEUES } from '@gwm/queue'
import t from 'tap'
import { startGateway, startVariant } from './helpers/gateway.ts'

const PASSWORD = 'operators-only-9f3b'
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
const OPERATOR = { authorization: basic('admin', PASSWORD) }

const gateway = await startGateway(t, { env: { PASSWORD } })
const { app, config, orm } = gateway

t.test('without the password the operator pages answer 401 with a Basic challenge', async (t) => {
  for (const url of ['/admin', '/admin/inbox', '/admin/failed', '/admin/queues', '/admin/queues/api/queues']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 401, `${url} asks for credentials`)
    t.match(res.headers['www-authenticate'], /^Basic realm="operators"/)
    t.match(res.json(), { error: 'unauthorized', message: /HTTP basic auth with the PASSWORD/ })
    const wrong = await app.inject({ url, headers: { authorization: basic('admin', 'not-the-password') } })
    t.equal(wrong.statusCode, 401, `${url} refuses a wrong password`)
    t.ok(wrong.headers['www-authenticate'])
  }
})

t.test('operator credentials: bad input is a 401, never a 500', async (t) => {
  const rows: Array<[string, string]> = [
    ['another scheme', `Bearer ${PASSWORD}`],
    ['no credentials after Basic', 'Basic '],
    ['not base64', 'Basic !!!not-base64!!!'],
    ['no colon', `Basic ${Buffer.from(PASSWORD).toString('base64')}`],
    ['empty password', basic('admin', '')],
    ['the password as the user name', basic(PASSWORD, '')],
    ['a prefix of the password', basic('admin', PASSWORD.slice(0, -1))],
    ['the password and more', basic('admin', `${PASSWORD}x`)],
    ['the password in another case', basic('admin', PASSWORD.toUpperCase())],
    ['a huge password', basic('admin', 'x'.repeat(6_000))],
    ['two headers in one', `${basic('admin', 'wrong')}, ${basic('admin', PASSWORD)}`],
  ]
  for (const [name, authorization] of rows) {
    const res = await app.inject({ url: '/admin/inbox', headers: { authorization } })
    t.equal(res.statusCode, 401, name)
    t.match(res.json(), { error: 'unauthorized' }, `${name}: the JSON error`)
  }
})

t.test('with the password (any user name) the front page links queues, inbox and failed deliveries', async (t) => {
  for (const user of ['admin', 'ops', '']) {
    const res = await app.inject({ url: '/admin', headers: { authorization: basic(user, PASSWORD) } })
    t.equal(res.statusCode, 200, `user name "${user}"`)
  }
  const page = await app.inject({ url: '/admin', headers: OPERATOR })
  t.match(page.headers['content-type'], /text\/html/)
  t.match(page.body, '<h1>Operator pages</h1>')
  for (const href of ['/admin/queues', '/admin/inbox', '/admin/failed']) t.match(page.body, `href="${href}"`)
  t.match(page.body, 'POST /api/events/dead-letters/{id}/replay')
  t.match(String(page.headers['content-security-policy']), /default-src 'none'/, 'the strict CSP: the page has no script or style')
})

t.test('/admin/queues is bull-board over every queue of the catalog; only it has the relaxed CSP', async (t) => {
  const ui = await app.inject({ url: '/admin/queues', headers: OPERATOR })
  t.equal(ui.statusCode, 200)
  t.match(ui.body, '<base href="/admin/queues/"')
  const csp = String(ui.headers['content-security-policy'])
  t.match(csp, /style-src 'self' 'unsafe-inline'/, 'inline styles for bull-board')
  t.match(csp, /script-src 'self';/, 'still no inline script')
  const listed = await app.inject({ url: '/admin/queues/api/queues', headers: OPERATOR })
  t.equal(listed.statusCode, 200)
  t.same(listed.json().queues.map((queue: { name: string }) => queue.name).sort(), Object.values(QUEUES).sort(), 'events, callbacks, github-writes, reconcile')
  const script = ui.body.match(/src="(static\/js\/main[^"]+)"/)?.[1]
  const asset = await app.inject({ url: `/admin/queues/${script}`, headers: OPERATOR })
  t.equal(asset.statusCode, 200, 'its scripts are served from the gateway')

  t.notMatch(String((await app.inject({ url: '/admin', headers: OPERATOR })).headers['content-security-policy']), /unsafe-inline/)
  t.notMatch(String((await app.inject('/healthz')).headers['content-security-policy']), /unsafe-inline/)
})

t.test('an operator action from another site is refused, from the board itself it runs', async (t) => {
  const url = '/admin/queues/api/queues/reconcile/pause'
  const foreign = await app.inject({ method: 'PUT', url, headers: { ...OPERATOR, origin: 'https://evil.example' } })
  t.equal(foreign.statusCode, 403)
  t.match(foreign.json(), { error: 'forbidden' })
  const unparsable = await app.inject({ method: 'PUT', url, headers: { ...OPERATOR, origin: 'null' } })
  t.equal(unparsable.statusCode, 403, 'an opaque origin too')
  const own = await app.inject({ method: 'PUT', url, headers: { ...OPERATOR, host: 'localhost:8000', origin: 'http://localhost:8000' } })
  t.equal(own.statusCode, 200)
  const reconcile = app.operations.queues.find((queue) => queue.name === QUEUES.reconcile)!
  t.ok(await reconcile.isPaused(), 'the queue was paused')
  await reconcile.resume()
})

t.test('/admin/inbox: the depth and the oldest entry\'s age of what waits in the ingest\'s inbox', async (t) => {
  const empty = await app.inject({ url: '/admin/inbox', headers: OPERATOR })
  t.same(empty.json(), { depth: 0, oldest: null })

  const before = Date.now()
  const delivery = (id: string) => ({ jobId: id, data: { deliveryId: id, event: 'push', receivedAt: new Date().toISOString() }, payload: '{}' })
  await appendToInbox(gateway.redis.client, config.QUEUE_PREFIX, [delivery('d-1'), delivery('d-2'), delivery('d-3')])
  const firstId = ((await gateway.redis.client.xrange(`${config.QUEUE_PREFIX}:inbox`, '-', '+', 'COUNT', 1)) as Array<[string, string[]]>)[0]?.[0]
  await new Promise((resolve) => setTimeout(resolve, 50))
  const res = await app.inject({ url: '/admin/inbox', headers: OPERATOR })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.depth, 3)
  t.equal(body.oldest.entryId, firstId, 'the oldest entry is the first appended')
  t.ok(body.oldest.ageMs >= 40 && body.oldest.ageMs < Date.now() - before + 1_000, `its age (${body.oldest.ageMs} ms) is since it was appended`)
  t.equal(Date.parse(body.oldest.receivedAt), Number(firstId!.split('-')[0]))

  await gateway.redis.client.xdel(`${config.QUEUE_PREFIX}:inbox`, firstId!)
  t.equal((await app.inject({ url: '/admin/inbox', headers: OPERATOR })).json().depth, 2, 'the relay took one')
  const page = await app.inject({ url: '/admin', headers: OPERATOR })
  t.match(page.body, /2 deliveries in the ingest's inbox, the oldest waiting \d+ s/)
})

t.test('/admin/failed: dead letters not replayed yet, newest first, and each queue\'s failed jobs', async (t) => {
  const em = orm.em.fork()
  const at = (minutes: number) => new Date(Date.now() - minutes * 60_000)
  const letter = (deliveryId: string, minutes: number, replayedAt: Date | null) => em.create(DeadLetter, {
    jobId: `h-${deliveryId}`, deliveryId, hookId: '1', event: 'push', action: null, repositoryGithubId: null, headers: {}, payload: null, receivedAt: at(minutes + 60),
    error: 'postgres was away', attempts: 12, firstFailedAt: at(minutes + 30), lastFailedAt: at(minutes), replayedAt,
  })
  letter('older', 10, null)
  letter('newer', 1, null)
  letter('replayed', 5, new Date())
  await em.flush()
  const res = await app.inject({ url: '/admin/failed', headers: OPERATOR })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.deadLetters.waiting, 2, 'the replayed one is not waiting')
  t.same(body.deadLetters.newest.map((row: { deliveryId: string }) => row.deliveryId), ['newer', 'older'])
  t.match(body.deadLetters.newest[0], { event: 'push', error: 'postgres was away', attempts: 12 })
  t.same(Object.keys(body.failedJobs).sort(), Object.values(QUEUES).sort())
  t.equal(body.failedJobs.callbacks, 0)
})

t.test('PASSWORD unset: the operator pages are off, every /admin path is the JSON 404', async (t) => {
  const off = await startVariant(t, gateway, { PASSWORD: '' })
  for (const url of ['/admin', '/admin/inbox', '/admin/failed', '/admin/queues', '/admin/queues/api/queues']) {
    const res = await off.inject({ url, headers: OPERATOR })
    t.equal(res.statusCode, 404, `${url} is 404`)
    t.match(res.json(), { error: 'not_found' })
    t.notOk(res.headers['www-authenticate'], 'no challenge: nothing to sign in to')
  }
})
