import { inboxKeys } from '@gwm/queue'
import t from 'tap'
import { deliver, HOOK_ID, HOOK_SECRET } from './helpers/deliveries.ts'
import { startIngest } from './helpers/start-ingest.ts'

const sample = (metrics: string, name: string) => {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${name}{`))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

t.test('the inbox depth and the age of its oldest delivery are read from Redis at each scrape', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const scrape = async () => (await ingest.app.inject('/metrics')).body

  let metrics = await scrape()
  t.equal(sample(metrics, 'gwm_ingest_inbox_depth'), 0, 'empty inbox')
  t.equal(sample(metrics, 'gwm_ingest_inbox_oldest_age_seconds'), 0, 'no age without an entry')

  t.equal((await deliver(ingest.app)).res.statusCode, 202)
  await new Promise((resolve) => setTimeout(resolve, 1_200))
  t.equal((await deliver(ingest.app)).res.statusCode, 202)
  metrics = await scrape()
  t.equal(sample(metrics, 'gwm_ingest_inbox_depth'), 2, 'both deliveries wait for a worker')
  const age = sample(metrics, 'gwm_ingest_inbox_oldest_age_seconds')!
  t.ok(age >= 1.1 && age < 30, `the oldest was appended ${age} s ago`)

  // What a worker's relay does once it stored the oldest: deletes its entry.
  const { stream } = inboxKeys(ingest.redis.prefix)
  const [[oldest]] = (await ingest.redis.client.xrange(stream, '-', '+', 'COUNT', 1)) as [[string, string[]]]
  await ingest.redis.client.xdel(stream, oldest)
  metrics = await scrape()
  t.equal(sample(metrics, 'gwm_ingest_inbox_depth'), 1)
  t.ok(sample(metrics, 'gwm_ingest_inbox_oldest_age_seconds')! < age, 'the age is now the newer one\'s, appended 1.2 s later')
})
