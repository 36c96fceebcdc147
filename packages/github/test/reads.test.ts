import t from 'tap'
import { getProfile, getRepo, listBranchesPage, listCommitsPage, listReposPage, NotFoundError } from '../src/index.ts'
import { clientFor, startSim } from './helpers.ts'

t.test('getProfile: the signed-in user, email from /user/emails when the profile hides it', async (t) => {
  const sim = await startSim(t)
  const profile = await getProfile(clientFor(sim, 'octocat-token'))
  t.match(profile, { id: 583231, login: 'octocat', name: 'The Octocat', email: 'octocat@users.noreply.github.local' })
  t.ok(profile.scopes.includes('admin:repo_hook'))
  t.match(profile.htmlUrl, `${sim.url}/octocat`)

  sim.control.addUser({ login: 'quiet', tokens: [{ token: 'quiet-token', scopes: ['read:user'] }] })
  const quiet = await getProfile(clientFor(sim, 'quiet-token'))
  t.equal(quiet.email, null, 'no email and no user:email scope: null, not an error')
  t.same(quiet.scopes, ['read:user'])
})

t.test('listReposPage follows Link paging to the end', async (t) => {
  const sim = await startSim(t)
  const github = clientFor(sim, 'octocat-token')
  const seen: string[] = []
  let page: number | null = 1
  let pages = 0
  while (page !== null) {
    const result = await listReposPage(github, { page, perPage: 2 })
    if (result.notModified) throw new Error('no etag was sent')
    seen.push(...result.items.map((repo) => repo.fullName))
    t.equal(result.perPage, 2)
    if (result.nextPage === null) t.equal(result.lastPage, result.page, 'the last page knows it is last')
    page = result.nextPage
    pages++
  }
  t.equal(pages, 2)
  t.same(seen, ['octo-org/platform', 'octocat/empty-repo', 'octocat/hello-world', 'octocat/private-notes'])
  const first = await listReposPage(github, { perPage: 2 })
  if (first.notModified) throw new Error('unexpected 304')
  t.match(first, { page: 1, nextPage: 2, lastPage: 2 })
  t.match(first.items[0], { fullName: 'octo-org/platform', private: true, defaultBranch: 'main', permissions: { admin: true, push: true, pull: true } })
})

t.test('listReposPage rejects bad paging arguments before calling GitHub', async (t) => {
  const sim = await startSim(t)
  const github = clientFor(sim, 'octocat-token')
  t.throws(() => listReposPage(github, { perPage: 101 }), /perPage must be a whole number from 1 to 100/)
  t.throws(() => listReposPage(github, { page: 0 }), /page must be a whole number from 1/)
  t.equal(sim.control.stats().requests, 0)
})

t.test('getRepo: permissions for the caller; hidden repos are NotFoundError', async (t) => {
  const sim = await startSim(t)
  const repo = await getRepo(clientFor(sim, 'hubot-token'), 'octocat', 'hello-world')
  t.match(repo, { fullName: 'octocat/hello-world', permissions: { admin: false, push: true, pull: true } })
  const error = await getRepo(clientFor(sim, 'hubot-token'), 'octocat', 'private-notes').catch((e: unknown) => e)
  t.ok(error instanceof NotFoundError, 'a private repo hubot cannot see')
  t.match(error, { code: 'not_found', status: 404, message: /GET \/api\/v3\/repos\/octocat\/private-notes: not found/ })
})

t.test('listCommitsPage: newest first, by branch, paged by Link; an empty repo is an empty page', async (t) => {
  const sim = await startSim(t)
  const github = clientFor(sim, 'octocat-token')
  const first = await listCommitsPage(github, { owner: 'octocat', repo: 'hello-world', perPage: 2 })
  if (first.notModified) throw new Error('unexpected 304')
  t.same(first.items.map((commit) => commit.message), ['Say hello in French too', 'Add a greeting'])
  t.match(first, { nextPage: 2, lastPage: 2 })
  t.match(first.items[0], { authorLogin: 'hubot', authorName: 'Hubot', htmlUrl: /\/octocat\/hello-world\/commit\/[0-9a-f]{40}$/ })
  const second = await listCommitsPage(github, { owner: 'octocat', repo: 'hello-world', perPage: 2, page: 2 })
  if (second.notModified) throw new Error('unexpected 304')
  t.same(second.items.map((commit) => commit.message), ['Initial commit'])
  t.equal(second.nextPage, null)

  const feature = await listCommitsPage(github, { owner: 'octocat', repo: 'hello-world', sha: 'feature/shout' })
  if (feature.notModified) throw new Error('unexpected 304')
  t.equal(feature.items[0]?.message, 'SHOUT THE GREETING')
  t.equal(feature.items.length, 4)

  const empty = await listCommitsPage(github, { owner: 'octocat', repo: 'empty-repo' })
  t.match(empty, { notModified: false, items: [], nextPage: null })
})

t.test('an ETag makes a repeated read a 304 that costs no rate limit', async (t) => {
  const sim = await startSim(t)
  const github = clientFor(sim, 'octocat-token')
  const quota = async () => (await github.rest.rateLimit.get()).data.resources.core.used
  const first = await listCommitsPage(github, { owner: 'octocat', repo: 'hello-world' })
  t.type(first.etag, 'string')
  const usedBefore = await quota()
  const again = await listCommitsPage(github, { owner: 'octocat', repo: 'hello-world', etag: first.etag! })
  t.same(again, { notModified: true, etag: first.etag })
  t.equal(await quota(), usedBefore, '304 did not spend quota')

  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'A new commit' }] })
  const changed = await listCommitsPage(github, { owner: 'octocat', repo: 'hello-world', etag: first.etag! })
  if (changed.notModified) throw new Error('expected fresh data after a push')
  t.equal(changed.items[0]?.message, 'A new commit')
  t.not(changed.etag, first.etag)

  const repos = await listReposPage(github, {})
  const reposAgain = await listReposPage(github, { etag: repos.etag! })
  t.equal(reposAgain.notModified, true, 'repos pages are conditional too')
})

t.test('listBranchesPage lists branches with their heads', async (t) => {
  const sim = await startSim(t)
  const page = await listBranchesPage(clientFor(sim, 'octocat-token'), { owner: 'octocat', repo: 'hello-world' })
  t.same(page.items.map((branch) => branch.name), ['feature/shout', 'main'])
  t.match(page.items[0], { sha: /^[0-9a-f]{40}$/, protected: false })
})
