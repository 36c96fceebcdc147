import { example } from '@gwm/testkit'
import t from 'tap'
import type { GitHubSim } from '../src/index.ts'
import { api, missingKeys, startReceiver, startSim } from './helpers.ts'

// biome-ignore lint/suspicious/noExplicitAny: payloads are read field by field
const payloadOf = (delivery: { body: string }) => JSON.parse(delivery.body) as Record<string, any>

async function hookOn(t: Parameters<typeof startReceiver>[0], sim: GitHubSim, repo: string, token: string, events: string[]) {
  const receiver = await startReceiver(t)
  const res = await api(sim, `/repos/${repo}/hooks`, { token, method: 'POST', body: { config: { url: receiver.url, content_type: 'json' }, events } })
  if (res.status !== 201) throw new Error(`hook not created: ${JSON.stringify(res.body)}`)
  await sim.control.idle()
  receiver.received.length = 0
  return receiver
}

t.test('a fork: a new repository of another owner, fork: true with parent and source; fork sent to the parent', async (t) => {
  const sim = await startSim(t)
  const parentHooks = await hookOn(t, sim, 'octocat/hello-world', 'octocat-token', ['fork'])
  const forked = await sim.control.fork({ repo: 'octocat/hello-world', owner: 'monalisa' })
  t.match(forked, { fullName: 'monalisa/hello-world', id: /\d/, head: /^[0-9a-f]{40}$/ })
  t.equal(forked.deliveries.length, 1)
  const payload = payloadOf(parentHooks.received[0]!)
  t.equal(parentHooks.received[0]!.headers['x-github-event'], 'fork')
  t.match(payload, { forkee: { full_name: 'monalisa/hello-world', fork: true, owner: { login: 'monalisa' }, public: true }, repository: { full_name: 'octocat/hello-world', fork: false, forks_count: 1 }, sender: { login: 'monalisa' } })
  t.same(missingKeys(payload, example('fork')), [], 'every field of the real example is present')

  const fork = await api(sim, '/repos/monalisa/hello-world', { token: 'monalisa-token' })
  t.match(fork.body, { full_name: 'monalisa/hello-world', fork: true, private: false, permissions: { admin: true }, parent: { full_name: 'octocat/hello-world', fork: false }, source: { full_name: 'octocat/hello-world' } })
  t.equal((await api(sim, '/repos/octocat/hello-world', { token: 'octocat-token' })).body.forks_count, 1)
  t.equal((await api(sim, '/repos/octocat/hello-world', { token: 'octocat-token' })).body.parent, undefined, 'no parent for a repository that is no fork')
  t.same((await api(sim, '/repos/monalisa/hello-world/branches', { token: 'monalisa-token' })).body.map((b: { name: string }) => b.name), ['feature/shout', 'main'], 'every branch comes along')
  t.equal(fork.body.parent.permissions.admin, false, 'the caller\'s permissions on the parent')

  const ofFork = await sim.control.fork({ repo: 'monalisa/hello-world', owner: 'octo-org', name: 'hello-fork', defaultBranchOnly: true })
  const second = (await api(sim, '/repos/octo-org/hello-fork', { token: 'octocat-token' })).body
  t.match(second, { fork: true, parent: { full_name: 'monalisa/hello-world' }, source: { full_name: 'octocat/hello-world' } })
  t.same((await api(sim, '/repos/octo-org/hello-fork/branches', { token: 'octocat-token' })).body.map((b: { name: string }) => b.name), ['main'], 'only the default branch')
  t.equal(ofFork.head, forked.head)
})

t.test('a pull request from a fork: head.repo is the fork, base.repo the repository; the head\'s commits reach the base', async (t) => {
  const sim = await startSim(t)
  const baseHooks = await hookOn(t, sim, 'octocat/hello-world', 'octocat-token', ['pull_request', 'push'])
  await sim.control.fork({ repo: 'octocat/hello-world', owner: 'monalisa' })
  const forkHooks = await hookOn(t, sim, 'monalisa/hello-world', 'monalisa-token', ['push'])
  const pushed = await sim.control.push({ repo: 'monalisa/hello-world', branch: 'fix', commits: [{ message: 'Fix the greeting [skip deploy]', files: { 'hello.txt': 'Hello, fixed\n', 'NOTES.md': 'from a fork\n' } }] })
  t.equal(forkHooks.received.length, 1, 'the push reaches the fork\'s hooks')
  t.equal(baseHooks.received.length, 0, 'and not the parent\'s')
  t.match(payloadOf(forkHooks.received[0]!), { repository: { full_name: 'monalisa/hello-world', fork: true }, head_commit: { message: 'Fix the greeting [skip deploy]' } })

  t.equal((await api(sim, `/repos/octocat/hello-world/commits/${pushed.after}`, { token: 'octocat-token' })).status, 422, 'the fork\'s commit is not in the base yet')
  const opened = await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'monalisa:fix', title: 'Fix from a fork' })
  const payload = payloadOf(baseHooks.received.at(-1)!)
  t.match(payload, {
    action: 'opened',
    number: opened.number,
    sender: { login: 'monalisa' },
    repository: { full_name: 'octocat/hello-world' },
    pull_request: {
      user: { login: 'monalisa' },
      author_association: 'NONE',
      head: { label: 'monalisa:fix', ref: 'fix', sha: pushed.after, user: { login: 'monalisa' }, repo: { full_name: 'monalisa/hello-world', fork: true, owner: { login: 'monalisa' } } },
      base: { label: 'octocat:main', ref: 'main', user: { login: 'octocat' }, repo: { full_name: 'octocat/hello-world', fork: false } },
      labels: [],
      commits: 1,
      changed_files: 2,
      additions: 2,
      deletions: 1,
    },
  })
  t.same(missingKeys(payload, example('pull_request', 'opened')), [])
  t.equal((await api(sim, `/repos/octocat/hello-world/commits/${pushed.after}`, { token: 'octocat-token' })).status, 200, 'GitHub keeps a pull request\'s head commits in the base repository')

  const suite = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', sha: pushed.after })
  t.match(suite, { headBranch: null }, 'a fork\'s branch is no branch of the base: head_branch null (and no pull_requests), as GitHub documents')

  const more = await sim.control.push({ repo: 'monalisa/hello-world', branch: 'fix', commits: [{ message: 'One more' }] })
  await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'synchronize', number: opened.number })
  t.match(payloadOf(baseHooks.received.at(-1)!), { action: 'synchronize', before: pushed.after, after: more.after, pull_request: { head: { sha: more.after, repo: { full_name: 'monalisa/hello-world' } }, commits: 2 } })

  await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'closed', number: opened.number, merged: true, sender: 'octocat' })
  const closed = payloadOf(baseHooks.received.at(-1)!)
  t.match(closed, { action: 'closed', sender: { login: 'octocat' }, pull_request: { merged: true, merge_commit_sha: /^[0-9a-f]{40}$/ } })
  const main = (await api(sim, '/repos/octocat/hello-world/commits/main', { token: 'octocat-token' })).body
  t.equal(main.commit.message, `Merge pull request #${opened.number} from monalisa/fix`)
  const file = await api(sim, '/repos/octocat/hello-world/contents/NOTES.md', { token: 'octocat-token', headers: { accept: 'application/vnd.github.raw' } })
  t.equal(file.body, 'from a fork\n', 'the fork\'s files are merged')
})

t.test('bad fork and fork pull request input is 422 with a message', async (t) => {
  const sim = await startSim(t)
  await sim.control.fork({ repo: 'octocat/hello-world', owner: 'hubot' })
  await t.rejects(sim.control.fork({ repo: 'octocat/hello-world', owner: 'ghost' }), /no user or org "ghost"/)
  await t.rejects(sim.control.fork({ repo: 'octocat/hello-world', owner: 'octocat' }), /octocat already has octocat\/hello-world/)
  await t.rejects(sim.control.fork({ repo: 'octocat/hello-world', owner: 'hubot' }), /hubot already has a fork of octocat\/hello-world: hubot\/hello-world/)
  await t.rejects(sim.control.fork({ repo: 'octocat/private-notes', owner: 'hubot' }), /hubot cannot see octocat\/private-notes/)
  await t.rejects(sim.control.fork({ repo: 'octocat/hello-world', owner: 'octo-org', sender: 'hubot' }), /hubot cannot fork into octo-org/)
  await t.rejects(sim.control.fork({ repo: 'octocat/hello-world', owner: 'monalisa', name: 'a/b' }), /name must be a repository name/)
  await t.rejects(sim.control.fork({ repo: 'hubot/scripts', owner: 'monalisa', name: 'scripts', defaultBranchOnly: 'yes' as never }), /defaultBranchOnly must be true or false/)
  await t.rejects(sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'monalisa:main' }), /no fork of octocat\/hello-world owned by "monalisa"/)
  await t.rejects(sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'hubot:nope' }), /an existing branch of hubot\/hello-world \(it has no branch "nope"\)/)
  await t.rejects(sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'octo-org:main' }), /no fork of octocat\/hello-world owned by "octo-org"/)

  const control = async (path: string, body: unknown) => {
    const res = await fetch(`${sim.url}/_sim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return { status: res.status, body: (await res.json()) as Record<string, any> }
  }
  t.match(await control('/repos/octocat/hello-world/forks', { owner: 'monalisa', name: 'greetings' }), { status: 201, body: { fullName: 'monalisa/greetings', deliveries: [] } })
  t.match(await control('/repos/octocat/hello-world/pull_request', { action: 'opened', head: 'monalisa:feature/shout' }), { status: 200, body: { number: 1 } })
  for (const [body, pattern] of [[{}, /a fork needs "owner"/], [{ owner: 'monalisa' }, /monalisa already has a fork/], [{ owner: 'nobody' }, /no user or org "nobody"/]] as const) {
    const res = await control('/repos/octocat/hello-world/forks', body)
    t.equal(res.status, 422)
    t.match(res.body.message, pattern)
  }
})
