import t from 'tap'
import { startWithGitHub } from './helpers/gateway.ts'
import { login } from './helpers/login.ts'

const { app, sim } = await startWithGitHub(t)
const octocat = await login(app, sim, 'octocat')
const hubot = await login(app, sim, 'hubot')
const get = (url: string, who = octocat) => who.browser.request(url)

/** The session's GitHub token, read with the app's own key (to ask GitHub about its quota). */
const tokenOf = (who: typeof octocat) => app.decodeSecureSession(who.browser.cookies.get('gwm_session')!)!.get('githubToken') as string
const remaining = async (token: string) =>
  Number((await fetch(`${sim.apiUrl}/rate_limit`, { headers: { authorization: `Bearer ${token}` } })).headers.get('x-ratelimit-remaining'))

t.test('GET /user/profile: the GitHub profile and the platform account', async (t) => {
  const res = await get('/user/profile')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body.github, { id: 583231, login: 'octocat', name: 'The Octocat', email: 'octocat@users.noreply.github.local', htmlUrl: /octocat$/ })
  t.same([...body.github.scopes].sort(), ['admin:repo_hook', 'read:user', 'repo', 'user:email'], 'the scopes we asked for')
  t.match(body.account, { id: octocat.userId, githubId: 583231, login: 'octocat' })
  t.ok(Date.parse(body.account.createdAt))
})

t.test('GET /user/repos: paged, with permissions and connection state', async (t) => {
  const all = await get('/user/repos?per_page=100')
  t.equal(all.statusCode, 200)
  const names = all.json().repos.map((repo: { fullName: string }) => repo.fullName)
  t.ok(names.includes('octocat/hello-world') && names.includes('octocat/private-notes') && names.includes('octo-org/platform'), 'own, private and org repos')
  t.equal(all.json().nextPage, null)
  const hello = all.json().repos.find((repo: { fullName: string }) => repo.fullName === 'octocat/hello-world')
  t.match(hello, { owner: 'octocat', private: false, defaultBranch: 'main', permissions: { admin: true, push: true, pull: true }, connected: false, webhook: { status: 'none', hookId: null } })

  const seen: string[] = []
  let page: number | null = 1
  while (page !== null) {
    const res = await get(`/user/repos?per_page=2&page=${page}`)
    t.equal(res.statusCode, 200)
    const body = res.json()
    t.ok(body.repos.length <= 2)
    t.equal(body.page, page)
    seen.push(...body.repos.map((repo: { fullName: string }) => repo.fullName))
    page = body.nextPage
  }
  t.same(seen, names, 'the pages together are the whole list, in order')

  const theirs = await get('/user/repos?per_page=100', hubot)
  const hubotHello = theirs.json().repos.find((repo: { fullName: string }) => repo.fullName === 'octocat/hello-world')
  t.match(hubotHello.permissions, { admin: false, push: true }, 'a push collaborator is not admin')
  t.notOk(theirs.json().repos.some((repo: { fullName: string }) => repo.fullName === 'octocat/private-notes'), 'private repos stay private')

  const owned = await get('/user/repos?affiliation=owner&sort=updated')
  t.equal(owned.statusCode, 200)
  t.ok(owned.json().repos.every((repo: { owner: string }) => repo.owner === 'octocat'))
})

t.test('GET /user/repos: bad paging or filters are 400 naming the field', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['per_page=0', /querystring\/per_page/],
    ['per_page=101', /querystring\/per_page/],
    ['page=0', /querystring\/page/],
    ['page=abc', /querystring\/page/],
    ['sort=stars', /querystring\/sort/],
    ['affiliation=owner,friends', /querystring\/affiliation/],
  ]
  for (const [query, field] of cases) {
    const res = await get(`/user/repos?${query}`)
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { error: 'validation_failed', message: field }, query)
  }
})

t.test('GET commits: paged from the default branch or a given branch', async (t) => {
  const main = await get('/api/repos/octocat/hello-world/commits')
  t.equal(main.statusCode, 200)
  const body = main.json()
  t.equal(body.ref, null)
  t.same(body.commits.map((commit: { message: string }) => commit.message), ['Say hello in French too', 'Add a greeting', 'Initial commit'], 'newest first')
  t.match(body.commits[0], { sha: /^[0-9a-f]{40}$/, authorLogin: 'hubot', authoredAt: String, htmlUrl: /hello-world\/commit\// })

  const first = await get('/api/repos/octocat/hello-world/commits?per_page=2')
  t.equal(first.json().commits.length, 2)
  t.equal(first.json().nextPage, 2)
  const second = await get('/api/repos/octocat/hello-world/commits?per_page=2&page=2')
  t.same(second.json().commits.map((commit: { sha: string }) => commit.sha), [body.commits[2].sha])
  t.equal(second.json().nextPage, null)

  const feature = await get('/api/repos/octocat/hello-world/commits?branch=feature/shout')
  t.equal(feature.json().ref, 'feature/shout')
  t.equal(feature.json().commits[0].message, 'SHOUT THE GREETING')
  const bySha = await get(`/api/repos/octocat/hello-world/commits?sha=${body.commits[1].sha}`)
  t.equal(bySha.json().commits[0].sha, body.commits[1].sha, 'a sha lists from that commit')

  const privateRepo = await get('/api/repos/octocat/private-notes/commits')
  t.equal(privateRepo.json().commits.length, 2, 'private repositories with the repo scope')
  const empty = await get('/api/repos/octocat/empty-repo/commits')
  t.equal(empty.statusCode, 200)
  t.same(empty.json().commits, [], 'an empty repository has no commits (not an error)')
})

t.test('GET commits: repeated reads revalidate by ETag and spend no rate limit', async (t) => {
  const url = '/api/repos/octocat/hello-world/commits?per_page=3&page=1'
  const first = await get(url)
  t.equal(first.statusCode, 200)
  const token = tokenOf(octocat)
  const before = await remaining(token)
  const again = await get(url)
  t.equal(again.statusCode, 200)
  t.equal(again.headers['x-github-cache'], 'revalidated', 'GitHub answered 304')
  t.same(again.json(), first.json())
  t.equal(await remaining(token), before, 'the 304 cost nothing')

  const etag = String(again.headers.etag)
  t.ok(etag)
  const notModified = await octocat.browser.request({ url, headers: { 'if-none-match': etag } })
  t.equal(notModified.statusCode, 304, 'our own clients can revalidate too')
  t.equal(notModified.body, '')

  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'A new commit' }] })
  const changed = await get(url)
  t.equal(changed.headers['x-github-cache'], 'fetched')
  t.equal(changed.json().commits[0].message, 'A new commit', 'a change on GitHub shows at once')
  t.not(changed.headers.etag, etag)
})

t.test('GET commits: what GitHub does not show is 404, bad input 400', async (t) => {
  const unknown = await get('/api/repos/octocat/no-such-repo/commits')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { error: 'not_found', message: /octocat\/no-such-repo does not exist or your GitHub account cannot see it/ })
  const hidden = await get('/api/repos/octocat/private-notes/commits', hubot)
  t.equal(hidden.statusCode, 404, 'a private repository of someone else')
  const badRef = await get('/api/repos/octocat/hello-world/commits?branch=no-such-branch')
  t.equal(badRef.statusCode, 404)
  t.match(badRef.json().message, /no-such-branch/)

  const cases: Array<[string, RegExp]> = [
    ['/api/repos/octo_cat!/hello-world/commits', /params\/owner/],
    ['/api/repos/octocat/..%2F..%2Fetc/commits', /params\/repo/],
    ['/api/repos/octocat/hello-world/commits?per_page=500', /querystring\/per_page/],
    ['/api/repos/octocat/hello-world/commits?sha=main..other', /querystring\/sha/],
    ['/api/repos/octocat/hello-world/commits?branch=a%20b', /querystring\/branch/],
    ['/api/repos/octocat/hello-world/commits?sha=main&branch=dev', /querystring\/branch and querystring\/sha/],
  ]
  for (const [url, field] of cases) {
    const res = await get(url)
    t.equal(res.statusCode, 400, url)
    t.match(res.json(), { error: 'validation_failed', message: field }, url)
  }
})

t.test('GitHub failing: rate limits become 429 with Retry-After, outages 502', async (t) => {
  t.teardown(() => {
    sim.control.setRateLimit(null)
    sim.control.setOutage(null)
  })
  sim.control.setRateLimit({ kind: 'primary', resetIn: 120, times: 1 })
  const primary = await get('/user/repos')
  t.equal(primary.statusCode, 429)
  t.match(primary.json(), { error: 'github_rate_limited', message: /retry in \d+ s/ })
  const wait = Number(primary.headers['retry-after'])
  t.ok(wait > 100 && wait <= 121, `Retry-After from GitHub's reset (${wait})`)

  sim.control.setRateLimit({ kind: 'secondary', status: 429, retryAfter: 7, times: 1 })
  const secondary = await get('/user/profile')
  t.equal(secondary.statusCode, 429)
  t.equal(secondary.headers['retry-after'], '7', 'GitHub\'s Retry-After passed on')

  sim.control.setOutage({ status: 502 })
  const down = await get('/api/repos/octocat/hello-world/commits?per_page=1&page=3')
  t.equal(down.statusCode, 502)
  t.match(down.json(), { error: 'github_unavailable', message: /GitHub is unavailable right now \(HTTP 502\)/ })
  sim.control.setOutage(null)
  t.equal((await get('/user/repos')).statusCode, 200, 'back when GitHub is')
})

t.test('a token revoked on GitHub: 401 asking to sign in again', async (t) => {
  const monalisa = await login(app, sim, 'monalisa')
  sim.control.revokeToken(tokenOf(monalisa))
  const res = await get('/user/profile', monalisa)
  t.equal(res.statusCode, 401)
  t.match(res.json(), { error: 'github_token_invalid', message: /sign in again/ })
  t.equal((await get('/auth/session', monalisa)).statusCode, 401, 'the useless session is ended')
})
