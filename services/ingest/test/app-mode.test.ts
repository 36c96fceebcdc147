import { randomUUID } from 'node:crypto'
import { type InstallationRecord, publishInstallations } from '@gwm/queue'
import { example } from '@gwm/testkit'
import { sign } from '@octokit/webhooks-methods'
import t from 'tap'
import { post } from './helpers/deliveries.ts'
import { startIngest } from './helpers/start-ingest.ts'

// GitHub App mode: one webhook (URL and secret) for the whole App; every delivery names its
// installation, and the ingest refuses one about a repository its installation does not cover.
const APP_ID = '424'
const APP_SECRET = 'app-webhook-secret-for-tests'
const INSTALLATION = 77
const push = () => example('push') as { repository: { id: number; full_name: string; owner: { id: number } } } & Record<string, unknown>

/** A delivery of the App's webhook, as GitHub sends it. */
async function appDelivery(event: string, payload: Record<string, unknown>, secret = APP_SECRET) {
  const body = JSON.stringify(payload)
  const headers = {
    'content-type': 'application/json',
    'x-github-event': event,
    'x-github-delivery': randomUUID(),
    'x-github-hook-id': '9001',
    'x-github-hook-installation-target-type': 'integration',
    'x-github-hook-installation-target-id': APP_ID,
    'x-hub-signature-256': await sign(secret, body),
  }
  return { headers, body }
}

const covering = (overrides: Partial<InstallationRecord> = {}): InstallationRecord => ({
  id: INSTALLATION, accountId: 999_999, selection: 'selected', suspended: false, deleted: false, repositoryIds: [push().repository.id], ...overrides,
})

async function appIngest(t: Parameters<typeof startIngest>[0]) {
  // A cache of 0 ms: each delivery reads the registry as the worker left it.
  return startIngest(t, { env: { GITHUB_APP_ID: APP_ID, GITHUB_APP_WEBHOOK_SECRET: APP_SECRET, SECRET_CACHE_TTL_MS: '0' } })
}

t.test('a delivery of the App webhook for a covered repository is verified with the App secret and stored', async (t) => {
  const ingest = await appIngest(t)
  await publishInstallations(ingest.redis.client, ingest.redis.prefix, [covering()])
  const sent = await appDelivery('push', { ...push(), installation: { id: INSTALLATION } })
  const res = await post(ingest.app, sent.headers, sent.body)
  t.equal(res.statusCode, 202, res.body)
  const [job] = await ingest.jobs()
  t.equal(job?.data.targetType, 'integration')
  t.match(job?.data.view, { installation: { id: INSTALLATION }, repository: { id: push().repository.id } }, 'the worker learns the installation from the view')
})

t.test('installation events pass without a registry entry: they are what defines it', async (t) => {
  const ingest = await appIngest(t)
  for (const event of ['installation', 'installation_repositories']) {
    const sent = await appDelivery(event, example(event))
    t.equal((await post(ingest.app, sent.headers, sent.body)).statusCode, 202, event)
  }
})

t.test('bad input: App deliveries that must be refused, each with a 401 that says why and nothing stored', async (t) => {
  const ingest = await appIngest(t)
  const other = { ...push().repository, id: 123, full_name: 'someone/else', owner: { id: 5 } }
  await publishInstallations(ingest.redis.client, ingest.redis.prefix, [covering(), covering({ id: 78, deleted: true }), covering({ id: 79, selection: 'all', accountId: 42, repositoryIds: [] })])
  const rows: Array<[string, Awaited<ReturnType<typeof appDelivery>>, RegExp]> = [
    ['signed with another secret', await appDelivery('push', { ...push(), installation: { id: INSTALLATION } }, 'not-the-app-secret'), /could not be verified/],
    ['a repository outside its installation', await appDelivery('push', { ...push(), repository: other, installation: { id: INSTALLATION } }), /repository someone\/else is not covered by installation 77/],
    ['an installation that does not exist', await appDelivery('push', { ...push(), installation: { id: 4040 } }), /installation 4040 is not known here/],
    ['an uninstalled installation', await appDelivery('push', { ...push(), installation: { id: 78 } }), /installation 78 was uninstalled/],
    ['an all-repositories installation of another account', await appDelivery('push', { ...push(), installation: { id: 79 } }), /not covered by installation 79/],
    ['no installation at all', await appDelivery('push', push()), /names no installation/],
  ]
  for (const [name, sent, message] of rows) {
    const res = await post(ingest.app, sent.headers, sent.body)
    t.equal(res.statusCode, 401, name)
    t.match(res.json(), { message }, name)
  }
  t.same(await ingest.jobs(), [], 'nothing was stored')
})

t.test('an all-repositories installation covers every repository of its account', async (t) => {
  const ingest = await appIngest(t)
  await publishInstallations(ingest.redis.client, ingest.redis.prefix, [covering({ selection: 'all', accountId: push().repository.owner.id, repositoryIds: [] })])
  const sent = await appDelivery('push', { ...push(), installation: { id: INSTALLATION } })
  t.equal((await post(ingest.app, sent.headers, sent.body)).statusCode, 202)
})

t.test('without App mode, a delivery of an App webhook is not one of ours', async (t) => {
  const ingest = await startIngest(t)
  const sent = await appDelivery('push', { ...push(), installation: { id: INSTALLATION } })
  const res = await post(ingest.app, sent.headers, sent.body)
  t.equal(res.statusCode, 401)
  t.match(res.json(), { error: 'unauthorized', message: /could not be verified/ })
  const line = JSON.parse(ingest.logs.find((candidate) => candidate.includes('delivery not stored'))!)
  t.match(line, { error: 'unknown_hook', detail: /no secret is registered for hook 9001/ }, 'the log says why')
})
