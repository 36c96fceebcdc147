import { gunzipSync } from 'node:zlib'
import { createAppAuth } from '@octokit/auth-app'
import { request } from '@octokit/request'
import { Octokit } from '@octokit/rest'
import t from 'tap'
import { startSim } from './helpers.ts'

/** @octokit/auth-app and @octokit/rest, unchanged, against the simulator: what the services' App mode runs. */

t.test('createAppAuth mints installation tokens from the simulator', async (t) => {
  const sim = await startSim(t)
  const { id: appId, privateKey } = sim.control.app()
  const own = await sim.control.install({ account: 'octocat', repositories: ['hello-world', 'private-notes'] })
  const auth = createAppAuth({ appId, privateKey, request: request.defaults({ baseUrl: sim.apiUrl }) })

  const app = await auth({ type: 'app' })
  t.match(app, { type: 'app', appId, token: /^eyJ/ })
  const installation = await auth({ type: 'installation', installationId: own.id })
  t.match(installation, { type: 'token', tokenType: 'installation', token: /^ghs_/, installationId: own.id, repositorySelection: 'selected', permissions: { contents: 'read', metadata: 'read' } })
  t.same(installation.repositoryNames, ['hello-world', 'private-notes'])
  t.ok(Date.parse(installation.expiresAt) > Date.now() + 59 * 60_000)
  const again = await auth({ type: 'installation', installationId: own.id })
  t.equal(again.token, installation.token, 'auth-app caches the token')

  const narrowed = await auth({ type: 'installation', installationId: own.id, repositoryNames: ['private-notes'], permissions: { contents: 'read' }, refresh: true })
  t.same(narrowed.repositoryNames, ['private-notes'])
  t.not(narrowed.token, installation.token)
  await t.rejects(auth({ type: 'installation', installationId: own.id, permissions: { contents: 'write' }, refresh: true }), { status: 422, message: /not granted to this installation/ })
  await t.rejects(auth({ type: 'installation', installationId: 4242, refresh: true }), { status: 404, message: /Not Found/ })

  await sim.control.suspend({ installation: own.id })
  await t.rejects(auth({ type: 'installation', installationId: own.id, refresh: true }), { status: 403, message: /This installation has been suspended/ })

  const other = createAppAuth({ appId, privateKey: sim.control.addApp({ slug: 'stranger', clientId: 'Iv1.stranger', clientSecret: 'x' }).privateKey, request: request.defaults({ baseUrl: sim.apiUrl }) })
  await t.rejects(other({ type: 'installation', installationId: own.id }), { status: 401, message: /A JSON web token could not be decoded/ }, 'a key of another App')
})

t.test('@octokit/rest with the App strategy: App endpoints with the JWT, the rest with an installation token', async (t) => {
  const sim = await startSim(t)
  const { id: appId, privateKey } = sim.control.app()
  await sim.control.push({ repo: 'octocat/private-notes', commits: [{ message: 'Add config', files: { 'deploy/config.yaml': 'replicas: 2\n' } }] })
  const own = await sim.control.install({ account: 'octocat', repositories: ['private-notes'] })
  const asApp = new Octokit({ authStrategy: createAppAuth, auth: { appId, privateKey }, baseUrl: sim.apiUrl })
  t.equal((await asApp.rest.apps.getAuthenticated()).data?.slug, 'gwm-local')
  const installations = await asApp.paginate(asApp.rest.apps.listInstallations, { per_page: 1 })
  t.same(installations.map((installation) => installation.id), [own.id])
  t.equal((await asApp.rest.apps.getRepoInstallation({ owner: 'octocat', repo: 'private-notes' })).data.id, own.id)

  const octokit = new Octokit({ authStrategy: createAppAuth, auth: { appId, privateKey, installationId: own.id }, baseUrl: sim.apiUrl })
  const repos = await octokit.rest.apps.listReposAccessibleToInstallation()
  t.same(repos.data.repositories.map((repo) => repo.full_name), ['octocat/private-notes'])
  const file = await octokit.rest.repos.getContent({ owner: 'octocat', repo: 'private-notes', path: 'deploy/config.yaml' })
  t.equal(Buffer.from((file.data as { content: string }).content, 'base64').toString(), 'replicas: 2\n')
  const raw = await octokit.rest.repos.getContent({ owner: 'octocat', repo: 'private-notes', path: 'deploy/config.yaml', mediaType: { format: 'raw' } })
  t.equal(String(raw.data), 'replicas: 2\n', 'mediaType raw')
  const tarball = await octokit.rest.repos.downloadTarballArchive({ owner: 'octocat', repo: 'private-notes', ref: 'main' })
  t.equal(tarball.status, 200, 'Octokit followed the redirect to the signed link')
  const tar = gunzipSync(Buffer.from(tarball.data as ArrayBuffer))
  t.ok(tar.includes(Buffer.from('deploy/config.yaml')) && tar.includes(Buffer.from('replicas: 2\n')), 'the tarball holds the file')
  await t.rejects(octokit.rest.repos.get({ owner: 'octo-org', repo: 'platform' }), { status: 404, message: /Not Found/ }, 'a repository outside the installation')
  await t.rejects(octokit.rest.repos.createWebhook({ owner: 'octocat', repo: 'private-notes', config: { url: 'http://127.0.0.1:1/x' } }), { status: 403, message: /Resource not accessible by integration/ })
})
