import t from 'tap'
import type { GitHubSim } from '../src/index.ts'
import { api, defaultAppJwt, startReceiver, startSim } from './helpers.ts'

const compare = (sim: GitHubSim, basehead: string, token = 'octocat-token') => api(sim, `/repos/octocat/hello-world/compare/${basehead}`, { token })

t.test('compare: ahead, behind, identical, diverged; branches, tags and SHAs', async (t) => {
  const sim = await startSim(t)
  const shas = (await api(sim, '/repos/octocat/hello-world/commits?sha=feature/shout', { token: 'octocat-token' })).body.map((c: { sha: string }) => c.sha)
  const [shout, main, second, first] = shas as string[]

  const ahead = await compare(sim, 'main...feature/shout')
  t.equal(ahead.status, 200)
  t.match(ahead.body, {
    status: 'ahead', ahead_by: 1, behind_by: 0, total_commits: 1,
    base_commit: { sha: main }, merge_base_commit: { sha: main },
    commits: [{ sha: shout, commit: { message: 'SHOUT THE GREETING' } }],
    files: [{ filename: 'hello.txt', status: 'modified', additions: 1, deletions: 1, changes: 2 }],
    html_url: /\/octocat\/hello-world\/compare\/main\.\.\.feature\/shout$/,
  })
  t.match((await compare(sim, 'feature/shout...main')).body, { status: 'behind', ahead_by: 0, behind_by: 1, total_commits: 0, commits: [], files: [] })
  t.match((await compare(sim, `${main}...main`)).body, { status: 'identical', ahead_by: 0, behind_by: 0, files: [] })
  const older = await compare(sim, `${first!.slice(0, 7)}...${main}`)
  t.match(older.body, { status: 'ahead', ahead_by: 2, merge_base_commit: { sha: first } })
  t.same(older.body.commits.map((c: { sha: string }) => c.sha), [second, main], 'oldest first')
  t.same(older.body.files.map((f: { filename: string; status: string }) => [f.filename, f.status]), [['hello.txt', 'added']])

  await sim.control.createRef({ repo: 'octocat/hello-world', ref: 'v1.0.0', refType: 'tag', from: second })
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'Tidy up', files: { 'README.md': null, 'docs/guide.md': 'one\ntwo\nthree\n' } }] })
  const diverged = await compare(sim, 'main...feature/shout')
  t.match(diverged.body, { status: 'diverged', ahead_by: 1, behind_by: 1, merge_base_commit: { sha: main } })
  const fromTag = await compare(sim, 'v1.0.0...main')
  t.match(fromTag.body, { status: 'ahead', ahead_by: 2 })
  t.same(fromTag.body.files.map((f: { filename: string; status: string; additions: number; deletions: number }) => [f.filename, f.status, f.additions, f.deletions]), [
    ['README.md', 'removed', 0, 1],
    ['docs/guide.md', 'added', 3, 0],
    ['hello.txt', 'modified', 1, 1],
  ])
  const removed = fromTag.body.files[0]
  t.match(removed, { blob_url: new RegExp(`/blob/${second}/README.md$`), contents_url: new RegExp(`/contents/README.md\\?ref=${second}$`) })
  t.match(fromTag.body.files[1], { raw_url: /\/raw\/[0-9a-f]{40}\/docs\/guide\.md$/, sha: /^[0-9a-f]{40}$/ })
})

t.test('compare: paging, a fork\'s branch as owner:branch, errors, who may read', async (t) => {
  const sim = await startSim(t)
  await sim.control.push({ repo: 'octocat/hello-world', branch: 'long', commits: Array.from({ length: 5 }, (_, i) => ({ message: `step ${i + 1}`, files: { [`step-${i + 1}.txt`]: `${i + 1}\n` } })) })
  const page1 = await compare(sim, 'main...long?per_page=2')
  t.match(page1.body, { total_commits: 5, ahead_by: 5 })
  t.same(page1.body.commits.map((c: { commit: { message: string } }) => c.commit.message), ['step 1', 'step 2'])
  t.equal(page1.body.files.length, 5, 'files on the first page')
  t.match(page1.headers.get('link'), /rel="next"/)
  const page3 = await compare(sim, 'main...long?per_page=2&page=3')
  t.same(page3.body.commits.map((c: { commit: { message: string } }) => c.commit.message), ['step 5'])
  t.same(page3.body.files, [], 'and only there')

  await sim.control.fork({ repo: 'octocat/hello-world', owner: 'hubot' })
  const forkPush = await sim.control.push({ repo: 'hubot/hello-world', branch: 'patch', commits: [{ message: 'from the fork', files: { 'fork.txt': 'hi\n' } }] })
  const cross = await compare(sim, 'main...hubot:patch')
  t.match(cross.body, { status: 'ahead', ahead_by: 1, commits: [{ sha: forkPush.after }], files: [{ filename: 'fork.txt', status: 'added' }] })
  t.match((await compare(sim, 'main...hubot:hello-world:patch')).body, { ahead_by: 1 })
  t.match((await api(sim, '/repos/hubot/hello-world/compare/octocat:main...patch', { token: 'hubot-token' })).body, { status: 'ahead', ahead_by: 1 })

  for (const basehead of ['main...nope', 'nope...main', 'main..feature/shout', 'main...monalisa:main', 'main...hubot:other:patch', 'main']) {
    t.equal((await compare(sim, basehead)).status, 404, basehead)
  }
  const elsewhere = sim.control.addRepo({ owner: 'hubot', name: 'lonely', commits: [{ message: 'alone' }] })
  t.equal((await compare(sim, `main...${elsewhere.head}`)).status, 404, 'a commit of another network')
  t.equal((await compare(sim, 'main...feature/shout', '')).status, 200, 'a public repository: anyone')
  t.equal((await api(sim, '/repos/octocat/private-notes/compare/main...main', { token: 'hubot-token' })).status, 404)
  const { id } = await sim.control.install({ account: 'octocat' })
  const jwt = defaultAppJwt(sim)
  const token = (await api(sim, `/app/installations/${id}/access_tokens`, { jwt, method: 'POST' })).body.token
  t.equal((await api(sim, '/repos/octocat/private-notes/compare/main~1...main', { token })).status, 404, 'no such ref')
  t.equal((await api(sim, '/repos/octocat/private-notes/compare/main...main', { token })).status, 200, 'contents: read')
  const narrowed = (await api(sim, `/app/installations/${id}/access_tokens`, { jwt, method: 'POST', body: { permissions: { checks: 'read' } } })).body.token
  t.equal((await api(sim, '/repos/octocat/private-notes/compare/main...main', { token: narrowed })).status, 403)
})

t.test('push: commitLimit sends only the first N commits, as a truncated push; messages carry markers', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  await api(sim, '/repos/octocat/hello-world/hooks', { token: 'octocat-token', method: 'POST', body: { config: { url: receiver.url, content_type: 'json' }, events: ['push'] } })
  const commits = Array.from({ length: 25 }, (_, i) => ({ message: `change ${i + 1}`, added: [`f${i + 1}.txt`] }))
  commits[24] = { message: 'Release notes [skip deploy]\n\nBody line [skip ci]', added: ['NOTES.md'] }
  const pushed = await sim.control.push({ repo: 'octocat/hello-world', commits, commitLimit: 20 })
  t.equal(pushed.shas.length, 25)
  const payload = JSON.parse(receiver.received.at(-1)!.body)
  t.equal(payload.commits.length, 20, 'the first 20 commits')
  t.same(payload.commits.map((c: { message: string }) => c.message), commits.slice(0, 20).map((c) => c.message))
  t.same(payload.commits[0].added, ['f1.txt'])
  t.match(payload, { before: pushed.before, after: pushed.after, head_commit: { id: pushed.after, message: 'Release notes [skip deploy]\n\nBody line [skip ci]', added: ['NOTES.md'] } })
  t.not(payload.commits.at(-1).id, payload.after, 'the last listed commit is not the head: the push was cut')

  const rest = await api(sim, `/repos/octocat/hello-world/compare/${pushed.before}...${pushed.after}`, { token: 'octocat-token' })
  t.equal(rest.body.total_commits, 25, 'the compare API tells the whole push')
  t.equal(rest.body.files.length, 25)
  t.equal(rest.body.commits.at(-1).commit.message, 'Release notes [skip deploy]\n\nBody line [skip ci]')

  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'one' }, { message: '[skip deploy] two' }], commitLimit: 0 })
  const none = JSON.parse(receiver.received.at(-1)!.body)
  t.same(none.commits, [])
  t.equal(none.head_commit.message, '[skip deploy] two')
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'fits' }], commitLimit: 5 })
  t.equal(JSON.parse(receiver.received.at(-1)!.body).commits.length, 1)
  await t.rejects(sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'x' }], commitLimit: -1 }), /commitLimit must be a non-negative integer/)
  const http = await fetch(`${sim.url}/_sim/repos/octocat/hello-world/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ commits: [{ message: 'x' }], commitLimit: 1.5 }) })
  t.equal(http.status, 422)
  t.match(await http.json(), { message: /commitLimit must be a non-negative integer/ })
})
