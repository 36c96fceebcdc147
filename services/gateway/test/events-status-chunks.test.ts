import t from 'tap'
import { seedEvent } from './helpers/events.ts'
import { startGateway } from './helpers/gateway.ts'

// GET /api/events?status= finds its events a chunk of keys at a time, newest first (events-by-status.ts). Here the
// few events with the status lie behind many without it, across several chunks, and a cursor goes on from where a
// page ended.
const { app, config, orm } = await startGateway(t)
const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }
const list = async (query: string) => {
  const res = await app.inject({ url: `/api/events?${query}`, headers: platform })
  if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`)
  return res.json() as { events: Array<{ deliveryId: string; status: string; requests: Array<{ status: string }> }>; nextCursor: string | null }
}
const ids = (body: { events: Array<{ deliveryId: string }> }) => body.events.map((event) => event.deliveryId)

const secondsAgo = (n: number) => new Date(Date.now() - n * 1_000)
/** `count` push events of the repository, one a second back from `from` seconds ago, each with requests in these statuses (one environment each). */
async function bulk(repositoryId: string, from: number, count: number, statuses: string[]) {
  await orm.em.fork().execute(
    `with e as (insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload)
       select gen_random_uuid(), 'bulk-' || ?::text || '-' || n, 1, 'push', ?::uuid, ?::timestamptz - n * interval '1 second', '{}'
       from generate_series(1, ?::int) n returning id, received_at, repository_id)
     insert into deployment_requests (id, event_id, received_at, repository_id, kind, ref, environment, status, attempts, created_at, updated_at, next_attempt_at)
       select gen_random_uuid(), e.id, e.received_at, e.repository_id, 'production', 'refs/heads/master', 'env-' || s.n, s.status, 1, now(), now(), now()
       from e, unnest(?::text[]) with ordinality s(status, n)`,
    [from, repositoryId, secondsAgo(from), count, `{${statuses.join(',')}}`],
  )
}

// Newest first, a second apart, in three repositories:
// - hello-world: 20,000 delivered; one stored (no request); 800 delivered; one stored (its only request superseded:
//   never sent); 300 delivered. The first stored one lies beyond the largest chunk (found by the join of the rest);
// - scripts: 600 pending whose events also failed; one only pending;
// - platform: 150 delivered; one stored; 150 delivered.
const first = await seedEvent(orm, { repo: 'octocat/hello-world', receivedAt: secondsAgo(20_150) })
await bulk(first.repositoryId, 100, 20_000, ['delivered'])
await bulk(first.repositoryId, 20_200, 800, ['delivered'])
const second = await seedEvent(orm, { repo: 'octocat/hello-world', receivedAt: secondsAgo(21_050), requests: [{ status: 'superseded' }] })
await bulk(first.repositoryId, 21_100, 300, ['delivered'])
const pending = await seedEvent(orm, { repo: 'hubot/scripts', receivedAt: secondsAgo(30_700), requests: [{ status: 'pending' }] })
await bulk(pending.repositoryId, 30_000, 600, ['pending', 'failed'])
const third = await seedEvent(orm, { repo: 'octo-org/platform', receivedAt: secondsAgo(40_200) })
await bulk(third.repositoryId, 40_000, 150, ['delivered'])
await bulk(third.repositoryId, 40_300, 150, ['delivered'])

t.test('stored: the three among 21,400 delivered and 601 pending, page by page through the cursor', async (t) => {
  const page1 = await list('status=stored&limit=1')
  t.same(ids(page1), [first.deliveryId])
  t.match(page1.events[0], { status: 'stored', requests: [] })
  t.type(page1.nextCursor, 'string', 'another follows')
  const page2 = await list(`status=stored&limit=1&cursor=${page1.nextCursor}`)
  t.same(ids(page2), [second.deliveryId])
  t.match(page2.events[0], { status: 'stored', requests: [{ status: 'superseded' }] })
  const page3 = await list(`status=stored&limit=1&cursor=${page2.nextCursor}`)
  t.same(ids(page3), [third.deliveryId], 'on into the other repositories')
  t.equal(page3.nextCursor, null, 'none after it')
  const all = await list('status=stored')
  t.same(ids(all), [first, second, third].map((event) => event.deliveryId))
  t.equal(all.nextCursor, null)
  t.same(ids(await list('status=stored&repo=octo-org/platform')), [third.deliveryId])
})

t.test('delivered: pages of 100 through the cursor, on past the stored event', async (t) => {
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const page = await list(`status=delivered&repo=octo-org/platform&limit=100${cursor ? `&cursor=${cursor}` : ''}`)
    t.ok(page.events.every((event) => event.status === 'delivered' && event.requests.length === 1))
    seen.push(...ids(page))
    cursor = page.nextCursor
  } while (cursor)
  const expected = [...Array.from({ length: 150 }, (_, i) => `bulk-40000-${i + 1}`), ...Array.from({ length: 150 }, (_, i) => `bulk-40300-${i + 1}`)]
  t.same(seen, expected, 'each once, newest first')
  t.same(ids(await list('status=delivered&limit=2')), ['bulk-100-1', 'bulk-100-2'])
})

t.test('pending: the one event behind 600 whose open request is not what they show (another failed)', async (t) => {
  const page = await list('status=pending&limit=1')
  t.same(ids(page), [pending.deliveryId])
  t.match(page.events[0], { status: 'pending', requests: [{ status: 'pending' }] })
  t.equal(page.nextCursor, null)
  const failed = await list('status=failed&limit=100')
  t.same(ids(failed), Array.from({ length: 100 }, (_, i) => `bulk-30000-${i + 1}`))
  t.ok(failed.events.every((event) => event.status === 'failed'))
})
