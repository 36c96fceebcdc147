import t from 'tap'
import type { GitHubSim } from '../src/index.ts'
import { startReceiver, startSim } from './helpers.ts'

const PAGE = '/apps/gwm-local/installations/new'

async function page(sim: GitHubSim, query = '') {
  const res = await fetch(`${sim.url}${PAGE}${query}`)
  return { status: res.status, headers: res.headers, html: await res.text() }
}

/** The fields a browser submits for one of the page's forms, as it is (hidden inputs, checked boxes and radios). */
function formFields(html: string, index: number): { action: string; fields: URLSearchParams } {
  const form = [...html.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)][index]
  if (!form) throw new Error(`no form ${index}`)
  const fields = new URLSearchParams()
  for (const [input] of form[2]!.matchAll(/<input [^>]+>/g)) {
    const attr = (name: string) => input.match(new RegExp(`${name}="([^"]*)"`))?.[1]
    const type = attr('type')
    if (type === 'hidden' || ((type === 'checkbox' || type === 'radio') && / checked/.test(input))) fields.append(attr('name')!, attr('value')!.replaceAll('&#34;', '"'))
  }
  return { action: form[1]!, fields }
}

async function submit(sim: GitHubSim, fields: URLSearchParams, action = PAGE) {
  const res = await fetch(`${sim.url}${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString(), redirect: 'manual' })
  return { status: res.status, location: res.headers.get('location'), html: await res.text() }
}

t.test('the install page: the signed-in user\'s accounts, plain HTML forms under a strict CSP', async (t) => {
  const sim = await startSim(t)
  const octocat = await page(sim)
  t.equal(octocat.status, 200)
  t.match(octocat.headers.get('content-type'), /^text\/html/)
  t.match(octocat.headers.get('content-security-policy'), /default-src 'none'/)
  t.notMatch(octocat.html, /<script|style=/i, 'no script, no inline style')
  t.match(octocat.html, /Signed in as <strong>octocat<\/strong>/)
  t.same([...octocat.html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]), ['Install on octocat', 'Install on octo-org (organization)'], 'themselves and the org they administer')
  const hubot = await page(sim, '?login=hubot')
  t.same([...hubot.html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]), ['Install on hubot'], 'hubot is a member of octo-org, not an admin')

  const suggested = await page(sim, '?suggested_target_id=9919&repository_ids[]=1296272')
  t.match(suggested.html, /<h2>Install on octo-org \(organization\)<\/h2>[\s\S]*<h2>Install on octocat<\/h2>/, 'the suggested account comes first')
  const { fields } = formFields(suggested.html, 0)
  t.same([...fields.entries()], [['login', 'octocat'], ['target_id', '9919'], ['repository_selection', 'selected'], ['repository_ids[]', '1296272']], 'the suggested repository is ticked')
})

t.test('submitting the form installs, sends installation created, and shows a done page (or redirects to the setup URL)', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  sim.control.editApp('gwm-local', { webhookUrl: receiver.url, webhookSecret: 'page-secret' })
  const form = formFields((await page(sim, '?repository_ids[]=1296269&repository_ids[]=1296270&state=abc')).html, 0)
  t.same(form.fields.getAll('repository_ids[]'), ['1296269', '1296270'])
  const done = await submit(sim, form.fields, form.action)
  t.equal(done.status, 200)
  const id = Number(done.html.match(/<strong id="installation-id">(\d+)<\/strong>/)?.[1])
  t.match(done.html, /is installed on octocat/)
  t.match(sim.control.installations(), [{ id, account: 'octocat', repositorySelection: 'selected', repositories: ['octocat/hello-world', 'octocat/private-notes'] }])
  t.match(JSON.parse(receiver.received[0]!.body), { action: 'created', installation: { id }, sender: { login: 'octocat' } })

  sim.control.editApp('gwm-local', { setupUrl: 'http://localhost:8000/github/setup' })
  const again = formFields((await page(sim, '?state=abc')).html, 0)
  t.match((await page(sim)).html, /<h2>Configure on octocat<\/h2>/, 'installed: the page configures')
  t.same(again.fields.getAll('repository_ids[]'), ['1296269', '1296270'], 'the current selection is ticked')
  again.fields.set('repository_selection', 'all')
  again.fields.delete('repository_ids[]')
  const updated = await submit(sim, again.fields, again.action)
  t.equal(updated.status, 302)
  t.equal(updated.location, `http://localhost:8000/github/setup?installation_id=${id}&setup_action=update&state=abc`)
  t.match(JSON.parse(receiver.received.at(-1)!.body), { action: 'added', repository_selection: 'all', repositories_added: [{ name: 'empty-repo' }] })

  const org = formFields((await page(sim, '?suggested_target_id=9919')).html, 0)
  const installed = await submit(sim, org.fields, org.action)
  t.match(installed.location, /^http:\/\/localhost:8000\/github\/setup\?installation_id=\d+&setup_action=install$/)
  t.equal(sim.control.installations().length, 2)
})

t.test('the install page refuses bad input and changes nothing', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  sim.control.editApp('gwm-local', { webhookUrl: receiver.url })
  t.equal((await page(sim, '?suggested_target_id=octo-org')).status, 400)
  t.equal((await page(sim, '?repository_ids[]=hello')).status, 400)
  t.equal((await fetch(`${sim.url}/apps/no-such-app/installations/new`)).status, 404)
  t.equal((await submit(sim, new URLSearchParams({ login: 'octocat', target_id: '583231', repository_selection: 'all' }), '/apps/no-such-app/installations/new')).status, 404)
  const cases: Array<[Record<string, string | string[]>, RegExp]> = [
    [{ login: 'ghost', target_id: '583231', repository_selection: 'all' }, /names no user/],
    [{ target_id: '583231', repository_selection: 'all' }, /names no user/],
    [{ login: 'octocat', target_id: '583232', repository_selection: 'all' }, /cannot install Apps on the account/],
    [{ login: 'hubot', target_id: '9919', repository_selection: 'all' }, /cannot install Apps on the account/],
    [{ login: 'octocat', target_id: 'x', repository_selection: 'all' }, /cannot install Apps on the account/],
    [{ login: 'octocat', target_id: '583231', repository_selection: 'some' }, /repository_selection must be &#34;all&#34; or &#34;selected&#34;/],
    [{ login: 'octocat', target_id: '583231', repository_selection: 'selected' }, /Select at least one repository/],
    [{ login: 'octocat', target_id: '583231', repository_selection: 'selected', 'repository_ids[]': ['1296269', '1296272'] }, /names a repository that is not octocat&#39;s/],
    [{ login: 'octocat', target_id: '583231', repository_selection: 'selected', 'repository_ids[]': 'abc' }, /names a repository that is not/],
  ]
  for (const [fields, pattern] of cases) {
    const body = new URLSearchParams()
    for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one)
    const res = await submit(sim, body)
    t.equal(res.status, 422, body.toString())
    t.match(res.html, pattern)
  }
  t.same(sim.control.installations(), [], 'nothing installed')
  await sim.control.idle()
  t.same(receiver.received, [], 'nothing sent')
})
