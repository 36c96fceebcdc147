import { example } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// Payloads are compressed with lz4 (Migration20261207050000) in every day's partition the worker
// makes, when this Postgres has lz4 built in; a payload reads back as it was sent either way.
const b = await backing(t, {})
await startWorker(t, b)
const sql = <T>(query: string, params: unknown[] = []) => b.orm.em.fork().execute<T[]>(query, params)
const [{ lz4 } = { lz4: false }] = await sql<{ lz4: boolean }>(`select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`)

t.test('a stored payload is compressed with lz4 in its day\'s partition, and reads back as sent', async (t) => {
  const payload = example('issues', 'opened')
  // Larger than a TOAST page, so that Postgres compresses it.
  const large = { ...payload, issue: { ...(payload.issue as object), body: 'The page does not load. '.repeat(400) } }
  const deliveryId = await b.addEvent('issues', large)
  await until(async () => (await sql('select 1 from webhook_events where delivery_id = ?', [deliveryId])).length === 1, 10_000, 'stored')
  const [row] = await sql<{ method: string | null; partition: string; body: string }>(
    `select pg_column_compression(payload) as method, tableoid::regclass::text as partition, payload->'issue'->>'body' as body from webhook_events where delivery_id = ?`, [deliveryId])
  t.match(row?.partition, /^webhook_events_p\d{8}$/, 'in a day\'s partition the worker made')
  t.equal(row?.method, lz4 ? 'lz4' : 'pglz', lz4 ? 'lz4' : 'this Postgres has no lz4: pglz')
  t.equal(row?.body, large.issue.body, 'read back as sent')
  const partitions = await sql<{ relname: string; compression: string }>(
    `select c.relname, a.attcompression as compression from pg_inherits i join pg_class c on c.oid = i.inhrelid
     join pg_attribute a on a.attrelid = c.oid and a.attname = 'payload' where i.inhparent = 'webhook_events'::regclass`)
  t.ok(partitions.length >= 5, 'today, three days ahead and the default partition')
  t.same(partitions.filter((p) => p.compression !== (lz4 ? 'l' : '')), [], 'each partition\'s payload column compresses with lz4')
})
