import { DEFAULT_DEPLOY_RULES, DeployRules, Repository } from '@gwm/domain'
import t from 'tap'
import { startWithGitHub } from './helpers/gateway.ts'
import { login, type SignedIn } from './helpers/login.ts'

const { app, sim, config, orm } = await startWithGitHub(t)
const octocat = await login(app, sim, 'octocat')
const hubot = await login(app, sim, 'hubot')
const monalisa = await login(app, sim, 'monalisa')
const HELLO = '/api/repos/octocat/hello-world/deploy-rules'
const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }

const get = (url: string, who: SignedIn = octocat) => who.browser.request(url)
const put = (url: string, payload: unknown, who: SignedIn = octocat) =>
  who.browser.request({ method: 'PUT', url, headers: { 'x-csrf-token': who.csrfToken }, payload: payload as object })
const asPlatform = (method: 'GET' | 'PUT', url: string, payload?: object) => app.inject({ method, url, headers: platform, ...(payload ? { payload } : {}) })
const versions = async (fullName = 'octocat/hello-world') =>
  (await orm.em.fork().find(DeployRules, { repository: { fullName } }, { orderBy: { version: 'asc' } })).map((row) => ({ version: row.version, changedBy: row.changedBy, rules: row.rules }))
const repositoryRows = (fullName: string) => orm.em.fork().count(Repository, { fullName })

const CUSTOM = {
  production: { branches: ['main', 'release/*'] },
  previews: { pullRequests: 'labeled', forks: 'labeled', branches: ['feature/**'] },
  paths: { exclude: ['docs/**', '**/*.md'] },
  skipMarkers: ['[skip deploy]', '[skip ci]'],
  checks: { gate: 'named', names: ['build', 'test'], timeoutMinutes: 30 },
}
const CUSTOM_APPLIED = {
  production: { branches: ['main', 'release/*'], releases: true },
  previews: { pullRequests: 'labeled', label: 'deploy-preview', forks: 'labeled', branches: ['feature/**'] },
  paths: { include: [], exclude: ['docs/**', '**/*.md'] },
  skipMarkers: ['[skip deploy]', '[skip ci]'],
  checks: { gate: 'named', names: ['build', 'test'], timeoutMinutes: 30 },
}

t.test('an admin reads the defaults while nothing is stored, and nothing is written by reading', async (t) => {
  const res = await get(HELLO)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { repository: 'octocat/hello-world', rules: DEFAULT_DEPLOY_RULES, version: 0, changedBy: null, changedAt: null, defaults: true })
  t.equal(await repositoryRows('octocat/hello-world'), 0, 'no repository row made by a read')
  const history = await get(`${HELLO}/history`)
  t.equal(history.statusCode, 200)
  t.same(history.json(), { repository: 'octocat/hello-world', versions: [] })
})

t.test('an admin changes the rules: version 1, defaults applied, the repository row made from GitHub', async (t) => {
  const before = Date.now()
  const res = await put(HELLO, CUSTOM)
  t.equal(res.statusCode, 200, res.body)
  const body = res.json()
  t.same(body.rules, CUSTOM_APPLIED)
  t.match(body, { repository: 'octocat/hello-world', version: 1, changedBy: 'octocat', defaults: false })
  t.ok(Date.parse(body.changedAt) >= before - 1000)
  t.same(await versions(), [{ version: 1, changedBy: 'octocat', rules: CUSTOM_APPLIED }], 'stored with every default applied')
  const repository = await orm.em.fork().findOneOrFail(Repository, { fullName: 'octocat/hello-world' })
  t.match(repository, { githubId: 1296269, defaultBranch: 'main', private: false })
  t.same((await get(HELLO)).json(), body, 'read back as answered')
})

t.test('each change is a new version; earlier ones are kept and listed newest first', async (t) => {
  const second = await put(HELLO, { previews: { label: 'preview' } })
  t.equal(second.statusCode, 200)
  t.match(second.json(), { version: 2, changedBy: 'octocat', rules: { ...DEFAULT_DEPLOY_RULES, previews: { ...DEFAULT_DEPLOY_RULES.previews, label: 'preview' } } })
  const reset = await put(HELLO, {})
  t.same(reset.json().rules, DEFAULT_DEPLOY_RULES, 'an empty body puts the defaults back')
  t.match(reset.json(), { version: 3, defaults: false })
  const history = (await get(`${HELLO}/history`)).json()
  t.same(history.versions.map((v: { version: number; changedBy: string }) => [v.version, v.changedBy]), [[3, 'octocat'], [2, 'octocat'], [1, 'octocat']])
  t.same(history.versions[2].rules, CUSTOM_APPLIED)
  t.ok(history.versions.every((v: { changedAt: string }) => !Number.isNaN(Date.parse(v.changedAt))))
  const limited = (await get(`${HELLO}/history?limit=1`)).json()
  t.same(limited.versions.map((v: { version: number }) => v.version), [3])
  t.equal((await get(`${HELLO}/history?limit=0`)).statusCode, 400)
  t.equal((await get(`${HELLO}/history?since=1`)).statusCode, 400, 'unknown query fields are refused')
})

t.test('writers at the same time each get their own version', async (t) => {
  const results = await Promise.all(Array.from({ length: 5 }, (_, i) => put(HELLO, { checks: { gate: 'all', timeoutMinutes: i + 1 } })))
  t.same(results.map((res) => res.statusCode), [200, 200, 200, 200, 200])
  t.same(results.map((res) => res.json().version).sort(), [4, 5, 6, 7, 8])
  const latest = (await get(HELLO)).json()
  t.equal(latest.version, 8)
  const stored = await versions()
  t.same(stored.map((row) => row.version), [1, 2, 3, 4, 5, 6, 7, 8])
  t.same(latest.rules, stored[7]!.rules, 'the newest version is in force')
})

t.test('only admins of the repository: push access is not enough (403), an invisible repository is 404', async (t) => {
  const count = (await versions()).length
  for (const [who, name] of [[hubot, 'hubot (push)'], [monalisa, 'monalisa (no access to a public repository)']] as const) {
    const read = await get(HELLO, who)
    t.equal(read.statusCode, 403, `${name} reads`)
    t.match(read.json(), { error: 'forbidden', message: /admin rights on octocat\/hello-world to read or change its deploy rules/ })
    const write = await put(HELLO, {}, who)
    t.equal(write.statusCode, 403, `${name} writes`)
    t.equal((await get(`${HELLO}/history`, who)).statusCode, 403, `${name} lists versions`)
  }
  t.equal((await get('/api/repos/octocat/private-notes/deploy-rules', monalisa)).statusCode, 403, 'read access to a private repository')
  const hidden = await put('/api/repos/octocat/private-notes/deploy-rules', {}, hubot)
  t.equal(hidden.statusCode, 404)
  t.match(hidden.json(), { error: 'not_found' })
  t.equal((await get('/api/repos/octocat/nope/deploy-rules')).statusCode, 404)
  t.equal((await versions()).length, count, 'nothing stored')
  t.equal(await repositoryRows('octocat/private-notes'), 0)
})

t.test('sign-in and CSRF', async (t) => {
  const count = (await versions()).length
  t.equal((await app.inject({ url: HELLO })).statusCode, 401)
  t.equal((await app.inject({ method: 'PUT', url: HELLO, payload: {} })).statusCode, 401)
  t.equal((await app.inject({ method: 'PUT', url: HELLO, payload: { deploy: true } })).statusCode, 401, 'a bad body says nothing to a stranger')
  t.equal((await app.inject({ method: 'PUT', url: HELLO })).statusCode, 401)
  const noCsrf = await octocat.browser.request({ method: 'PUT', url: HELLO, payload: {} })
  t.equal(noCsrf.statusCode, 403)
  t.match(noCsrf.json(), { error: 'csrf_invalid' })
  const othersToken = await octocat.browser.request({ method: 'PUT', url: HELLO, payload: {}, headers: { 'x-csrf-token': hubot.csrfToken } })
  t.equal(othersToken.statusCode, 403)
  t.equal((await versions()).length, count, 'nothing stored')
})

t.test('the platform, with its bearer token, on repositories known here', async (t) => {
  const read = await asPlatform('GET', HELLO)
  t.equal(read.statusCode, 200)
  t.equal(read.json().version, 8)
  const write = await asPlatform('PUT', HELLO, { production: { releases: false } })
  t.equal(write.statusCode, 200, write.body)
  t.match(write.json(), { version: 9, changedBy: 'platform', rules: { production: { releases: false } } })
  t.equal((await asPlatform('GET', '/api/repos/OCTOCAT/Hello-World/deploy-rules')).json().version, 9, 'names compare ignoring case, as on GitHub')
  t.equal((await asPlatform('GET', `${HELLO}/history?limit=2`)).json().versions[0].changedBy, 'platform')

  const unknown = await asPlatform('PUT', '/api/repos/octo-org/platform/deploy-rules', {})
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { error: 'not_found', message: /octo-org\/platform is not known here/ })
  t.equal((await asPlatform('GET', '/api/repos/octo-org/platform/deploy-rules')).statusCode, 404)
  t.equal(await repositoryRows('octo-org/platform'), 0, 'the platform never makes repository rows')
  t.equal((await asPlatform('GET', '/api/repos/octocat/hello_world/deploy-rules')).statusCode, 404, '"_" is not a wildcard')

  const wrong = await app.inject({ method: 'PUT', url: HELLO, payload: {}, headers: { authorization: 'Bearer nope' } })
  t.equal(wrong.statusCode, 401)
  t.equal((await app.inject({ method: 'PUT', url: HELLO, payload: { deploy: true }, headers: { authorization: 'Bearer nope' } })).statusCode, 401)
  t.equal((await versions()).length, 9)
})

/** Bad bodies, one row each: the field the 400 must name. Nothing may be stored. */
const BAD: Array<[string, unknown, RegExp]> = [
  ['unknown field', { deploy: true }, /^body must NOT have additional properties \(deploy\)$/],
  ['unknown nested field', { previews: { fork: 'off' } }, /^body\/previews must NOT have additional properties \(fork\)$/],
  ['empty production branch list', { production: { branches: [] } }, /^body\/production\/branches must NOT have fewer than 1 items$/],
  ['label over 50 characters', { previews: { label: 'x'.repeat(51) } }, /^body\/previews\/label must NOT have more than 50 characters$/],
  ['timeout 0', { checks: { timeoutMinutes: 0 } }, /^body\/checks\/timeoutMinutes must be >= 1$/],
  ['timeout 1441', { checks: { timeoutMinutes: 1441 } }, /^body\/checks\/timeoutMinutes must be <= 1440$/],
  ['timeout 1.5', { checks: { timeoutMinutes: 1.5 } }, /^body\/checks\/timeoutMinutes must be integer$/],
  ['unknown gate', { checks: { gate: 'some' } }, /^body\/checks\/gate must be equal to one of the allowed values \(off, all, named\)$/],
  ['gate named with no names', { checks: { gate: 'named' } }, /^body\/checks\/names must list at least one check name when checks\/gate is "named"$/],
  ['bad path glob', { paths: { include: ['src/[a-'] } }, /^body\/paths\/include\/0 is not a valid glob: a "\[" is never closed by "\]"/],
  ['bad branch glob', { previews: { branches: ['ok', 'feature/{x'] } }, /^body\/previews\/branches\/1 is not a valid glob/],
  ['negated exclude', { paths: { exclude: ['!docs'] } }, /^body\/paths\/exclude\/0 must not start with "!"/],
  ['not an object', ['main'], /^body must be object$/],
  ['releases as text', { production: { releases: 'yes' } }, /^body\/production\/releases must be boolean$/],
]

t.test('bad input: 400 validation_failed naming the field, nothing stored', async (t) => {
  const before = await versions()
  for (const [name, payload, message] of BAD) {
    for (const [who, res] of [['octocat', await put(HELLO, payload)], ['platform', await asPlatform('PUT', HELLO, payload as object)]] as const) {
      t.equal(res.statusCode, 400, `${name} (${who})`)
      t.equal(res.json().error, 'validation_failed', `${name} (${who})`)
      t.match(res.json().message, message, `${name} (${who})`)
    }
  }
  const missing = await octocat.browser.request({ method: 'PUT', url: HELLO, headers: { 'x-csrf-token': octocat.csrfToken } })
  t.equal(missing.statusCode, 400, 'no body')
  t.same(await versions(), before, 'nothing stored')
})

t.test('both routes are in the OpenAPI document, the rules schema with them', async (t) => {
  const spec = (await app.inject('/openapi.json')).json()
  const rules = spec.paths['/api/repos/{owner}/{repo}/deploy-rules']
  t.same(rules.get.tags, ['repos'])
  t.same(rules.put.tags, ['repos'])
  t.same(spec.paths['/api/repos/{owner}/{repo}/deploy-rules/history'].get.tags, ['repos'])
  t.same(rules.get.security, [{ session: [] }, { platform: [] }])
  t.same(rules.put.security, [{ session: [], csrf: [] }, { platform: [] }])
  const body = rules.put.requestBody.content['application/json'].schema
  t.same(Object.keys(body.properties).sort(), ['checks', 'paths', 'previews', 'production', 'skipMarkers'])
  t.equal(body.additionalProperties, false)
  t.same(body.properties.previews.properties.pullRequests.enum, ['all', 'labeled', 'off'])
  t.equal(body.properties.previews.properties.label.maxLength, 50)
  t.equal(body.properties.checks.properties.timeoutMinutes.maximum, 1440)
  const answer = rules.get.responses['200'].content['application/json'].schema
  t.same(Object.keys(answer.properties).sort(), ['changedAt', 'changedBy', 'defaults', 'repository', 'rules', 'version'])
  for (const status of ['400', '401', '403', '404']) t.ok(rules.put.responses[status], `PUT documents ${status}`)
})
