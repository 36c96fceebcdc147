import t from 'tap'
import { api, startSim } from './helpers.ts'

t.test('auth: token and Bearer schemes; bad credentials everywhere; anonymous reads public data only', async (t) => {
  const sim = await startSim(t)
  t.equal((await api(sim, '/user', { headers: { authorization: 'Bearer octocat-token' } })).body.login, 'octocat')
  t.equal((await api(sim, '/user', { token: 'octocat-token' })).body.login, 'octocat')
  const bad = await api(sim, '/repos/octocat/hello-world', { token: 'nope' })
  t.equal(bad.status, 401, 'a bad token is 401 even for public data')
  t.same(bad.body, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' })
  t.equal((await api(sim, '/user', { headers: { authorization: 'Basic abc def' } })).status, 401, 'an unknown scheme is bad credentials')
  t.same((await api(sim, '/user')).body.message, 'Requires authentication')
  const anonymous = await api(sim, '/repos/octocat/hello-world')
  t.equal(anonymous.status, 200)
  t.equal(anonymous.body.permissions, undefined, 'no permissions for anonymous callers')
  t.equal(anonymous.headers.get('x-ratelimit-limit'), '60')
  t.equal((await api(sim, '/repos/octocat/private-notes')).status, 404)
})

t.test('rate-limit headers count down; /rate_limit is free', async (t) => {
  const sim = await startSim(t)
  const first = await api(sim, '/user', { token: 'octocat-token' })
  t.equal(first.headers.get('x-ratelimit-limit'), '5000')
  t.equal(first.headers.get('x-ratelimit-remaining'), '4999')
  t.equal(first.headers.get('x-ratelimit-used'), '1')
  t.equal(first.headers.get('x-ratelimit-resource'), 'core')
  t.ok(Number(first.headers.get('x-ratelimit-reset')) > Date.now() / 1000)
  const limits = await api(sim, '/rate_limit', { token: 'octocat-token' })
  t.match(limits.body.resources.core, { limit: 5000, used: 1, remaining: 4999 })
  t.equal((await api(sim, '/user', { token: 'octocat-token' })).headers.get('x-ratelimit-remaining'), '4998')
})

t.test('the hourly quota runs out with GitHub\'s 403', async (t) => {
  const sim = await startSim(t, { rateLimitPerHour: 2 })
  await api(sim, '/user', { token: 'octocat-token' })
  await api(sim, '/user', { token: 'octocat-token' })
  const third = await api(sim, '/user', { token: 'octocat-token' })
  t.equal(third.status, 403)
  t.equal(third.headers.get('x-ratelimit-remaining'), '0')
  t.match(third.body.message, /API rate limit exceeded/)
  t.equal((await api(sim, '/user', { token: 'hubot-token' })).status, 200, 'the quota is per token')
})

t.test('rate-limit and outage switches answer like GitHub, then turn themselves off', async (t) => {
  const sim = await startSim(t)
  sim.control.setRateLimit({ kind: 'secondary', status: 429, retryAfter: 7, times: 1 })
  const secondary = await api(sim, '/user', { token: 'octocat-token' })
  t.equal(secondary.status, 429)
  t.equal(secondary.headers.get('retry-after'), '7')
  t.match(secondary.body.message, /secondary rate limit/)
  t.equal((await api(sim, '/user', { token: 'octocat-token' })).status, 200, 'times: 1 means one refusal')

  sim.control.setRateLimit({ kind: 'primary', resetIn: 30 })
  const primary = await api(sim, '/user', { token: 'octocat-token' })
  t.equal(primary.status, 403)
  t.equal(primary.headers.get('x-ratelimit-remaining'), '0')
  t.ok(Math.abs(Number(primary.headers.get('x-ratelimit-reset')) - (Date.now() / 1000 + 30)) < 3)
  t.match(primary.body.message, /API rate limit exceeded for user ID 583231/)
  t.equal((await api(sim, '/user', { token: 'octocat-token' })).status, 403, 'until cleared')
  sim.control.setRateLimit(null)
  t.equal((await api(sim, '/user', { token: 'octocat-token' })).status, 200)

  sim.control.setOutage({ status: 502, times: 2 })
  t.equal((await api(sim, '/user', { token: 'octocat-token' })).status, 502)
  t.equal((await api(sim, '/user', { token: 'octocat-token' })).status, 502)
  t.equal((await api(sim, '/user', { token: 'octocat-token' })).status, 200)
  t.same(sim.control.stats(), { requests: 8, rateLimited: 3, outages: 2 })
  t.throws(() => sim.control.setOutage({ status: 418 as never }), /status must be 500, 502, 503 or 504/)
  t.throws(() => sim.control.setRateLimit({ kind: 'tertiary' as never }), /kind must be "primary" or "secondary"/)
})

t.test('ETag and If-None-Match: 304 with no body and no quota spent', async (t) => {
  const sim = await startSim(t)
  const first = await api(sim, '/repos/octocat/hello-world/commits', { token: 'octocat-token' })
  const etag = first.headers.get('etag')!
  t.match(etag, /^W\/"[0-9a-f]+"$/)
  const again = await api(sim, '/repos/octocat/hello-world/commits', { token: 'octocat-token', headers: { 'if-none-match': etag } })
  t.equal(again.status, 304)
  t.equal(again.body, null)
  t.equal(again.headers.get('x-ratelimit-used'), '1', 'the 304 was not counted')
  const other = await api(sim, '/repos/octocat/hello-world/commits', { token: 'hubot-token', headers: { 'if-none-match': etag } })
  t.equal(other.status, 200, 'ETags are per token, like GitHub\'s private caching')
})

t.test('/user/repos: filters, sorting, paging with a Link header', async (t) => {
  const sim = await startSim(t)
  const names = async (query: string, token = 'octocat-token') => (await api(sim, `/user/repos${query}`, { token })).body.map((repo: { full_name: string }) => repo.full_name)
  t.same(await names(''), ['octo-org/platform', 'octocat/empty-repo', 'octocat/hello-world', 'octocat/private-notes'])
  t.same(await names('?type=owner'), ['octocat/empty-repo', 'octocat/hello-world', 'octocat/private-notes'])
  t.same(await names('?visibility=private'), ['octo-org/platform', 'octocat/private-notes'])
  t.same(await names('?affiliation=organization_member'), ['octo-org/platform'])
  t.same(await names('?direction=desc'), ['octocat/private-notes', 'octocat/hello-world', 'octocat/empty-repo', 'octo-org/platform'])
  t.same(await names('', 'hubot-token'), ['hubot/scripts', 'octo-org/platform', 'octocat/hello-world'])
  t.same(await names('', 'octocat-read-only-token'), ['octocat/empty-repo', 'octocat/hello-world'], 'private repos need the repo scope')

  const page2 = await api(sim, '/user/repos?per_page=1&page=2&type=owner', { token: 'octocat-token' })
  const link = page2.headers.get('link')!
  t.match(link, `<${sim.apiUrl}/user/repos?per_page=1&page=1&type=owner>; rel="prev"`)
  t.match(link, `<${sim.apiUrl}/user/repos?per_page=1&page=3&type=owner>; rel="next"`)
  t.match(link, `<${sim.apiUrl}/user/repos?per_page=1&page=3&type=owner>; rel="last"`)
  t.match(link, 'rel="first"')
  const only = await api(sim, '/user/repos?per_page=100', { token: 'octocat-token' })
  t.equal(only.headers.get('link'), null, 'a single page has no Link header')
  t.equal((await api(sim, '/user/repos?per_page=1000', { token: 'octocat-token' })).body.length, 4, 'per_page is capped at 100')

  for (const query of ['?type=owner&visibility=all', '?type=bogus', '?sort=size', '?visibility=secret']) {
    const res = await api(sim, `/user/repos${query}`, { token: 'octocat-token' })
    t.equal(res.status, 422, `${query} is a validation error`)
    t.equal(res.body.message, 'Validation Failed')
  }
})

t.test('GET /repos/{o}/{r}: permissions of the caller; org repos; case-insensitive names', async (t) => {
  const sim = await startSim(t)
  t.match((await api(sim, '/repos/octocat/hello-world', { token: 'hubot-token' })).body.permissions, { admin: false, push: true, pull: true })
  t.match((await api(sim, '/repos/octocat/hello-world', { token: 'monalisa-token' })).body.permissions, { admin: false, push: false, pull: true })
  const org = await api(sim, '/repos/octo-org/platform', { token: 'octocat-token' })
  t.match(org.body, { full_name: 'octo-org/platform', private: true, visibility: 'private', permissions: { admin: true }, organization: { login: 'octo-org' } })
  t.match((await api(sim, '/repos/octo-org/platform', { token: 'hubot-token' })).body.permissions, { admin: false, pull: true })
  t.equal((await api(sim, '/repos/octo-org/platform', { token: 'monalisa-token' })).status, 404)
  t.equal((await api(sim, '/repos/OctoCat/Hello-World', { token: 'octocat-token' })).body.full_name, 'octocat/hello-world')
  t.equal((await api(sim, '/repos/octocat/does-not-exist', { token: 'octocat-token' })).status, 404)
})

t.test('commits: by branch, tag or SHA, filtered, paged; single commit; 409 on an empty repo', async (t) => {
  const sim = await startSim(t)
  const commits = (await api(sim, '/repos/octocat/hello-world/commits', { token: 'octocat-token' })).body
  t.same(commits.map((c: { commit: { message: string } }) => c.commit.message), ['Say hello in French too', 'Add a greeting', 'Initial commit'])
  t.equal(commits[0].parents[0].sha, commits[1].sha, 'parents link the history')
  t.match(commits[0], { author: { login: 'hubot' }, commit: { author: { name: 'Hubot', date: '2024-01-01T02:00:00Z' } } })
  const feature = (await api(sim, '/repos/octocat/hello-world/commits?sha=feature/shout', { token: 'octocat-token' })).body
  t.equal(feature.length, 4)
  const bySha = (await api(sim, `/repos/octocat/hello-world/commits?sha=${commits[1].sha.slice(0, 7)}`, { token: 'octocat-token' })).body
  t.equal(bySha[0].sha, commits[1].sha, 'an abbreviated SHA works')
  t.equal((await api(sim, '/repos/octocat/hello-world/commits?path=hello.txt', { token: 'octocat-token' })).body.length, 2)
  t.equal((await api(sim, '/repos/octocat/hello-world/commits?author=hubot', { token: 'octocat-token' })).body.length, 1)
  t.equal((await api(sim, '/repos/octocat/hello-world/commits?since=2024-01-01T01:00:00Z', { token: 'octocat-token' })).body.length, 2)
  t.equal((await api(sim, '/repos/octocat/hello-world/commits?until=2024-01-01T00:30:00Z', { token: 'octocat-token' })).body.length, 1)
  t.equal((await api(sim, '/repos/octocat/hello-world/commits?since=yesterday', { token: 'octocat-token' })).status, 422)
  const paged = await api(sim, '/repos/octocat/hello-world/commits?per_page=1&page=2', { token: 'octocat-token' })
  t.equal(paged.body[0].sha, commits[1].sha)
  t.match(paged.headers.get('link'), 'rel="next"')
  t.equal((await api(sim, '/repos/octocat/hello-world/commits?sha=no-such-branch', { token: 'octocat-token' })).status, 404)

  t.equal((await api(sim, `/repos/octocat/hello-world/commits/${commits[2].sha}`, { token: 'octocat-token' })).body.commit.message, 'Initial commit')
  t.equal((await api(sim, '/repos/octocat/hello-world/commits/main', { token: 'octocat-token' })).body.sha, commits[0].sha)
  const missing = await api(sim, '/repos/octocat/hello-world/commits/deadbeef', { token: 'octocat-token' })
  t.equal(missing.status, 422)
  t.equal(missing.body.message, 'No commit found for SHA: deadbeef')
  const empty = await api(sim, '/repos/octocat/empty-repo/commits', { token: 'octocat-token' })
  t.equal(empty.status, 409)
  t.equal(empty.body.message, 'Git Repository is empty.')
})

t.test('seeded SHAs are stable across simulator starts', async (t) => {
  const first = await startSim(t)
  const second = await startSim(t)
  const shas = async (sim: typeof first) => (await api(sim, '/repos/octocat/hello-world/commits', { token: 'octocat-token' })).body.map((c: { sha: string }) => c.sha)
  t.same(await shas(first), await shas(second))
})

t.test('branches, sorted and paged', async (t) => {
  const sim = await startSim(t)
  const branches = await api(sim, '/repos/octocat/hello-world/branches', { token: 'octocat-token' })
  t.same(branches.body.map((b: { name: string }) => b.name), ['feature/shout', 'main'])
  t.same((await api(sim, '/repos/octocat/hello-world/branches?protected=true', { token: 'octocat-token' })).body, [])
  t.equal((await api(sim, '/repos/octocat/hello-world/branches?per_page=1', { token: 'octocat-token' })).body.length, 1)
})

t.test('bad input: malformed JSON is 400 "Problems parsing JSON"; unknown routes are 404', async (t) => {
  const sim = await startSim(t)
  const res = await fetch(`${sim.apiUrl}/repos/octocat/hello-world/hooks`, {
    method: 'POST', headers: { authorization: 'token octocat-token', 'content-type': 'application/json' }, body: '{nope',
  })
  t.equal(res.status, 400)
  t.match(await res.json(), { message: 'Problems parsing JSON', status: '400' })
  const unknown = await api(sim, '/no/such/thing', { token: 'octocat-token' })
  t.equal(unknown.status, 404)
  t.equal(unknown.body.message, 'Not Found')
})
