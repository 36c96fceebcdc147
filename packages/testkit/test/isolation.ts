import { Queue } from 'bullmq'
import pg from 'pg'
import type { Test } from 'tap'
import { createTestDatabase, createTestRedis } from '../src/index.ts'

/**
 * Run by two test files at once: each writes rows and jobs of its own, holds them for a
 * moment while the other file does the same, and must see only its own.
 */
export async function checkIsolation(t: Test, label: string, count: number) {
  const db = await createTestDatabase(t)
  const redis = await createTestRedis(t)

  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  t.teardown(() => client.end())
  await client.query('CREATE TABLE IF NOT EXISTS marks (label text)')
  for (let i = 0; i < count; i++) await client.query('INSERT INTO marks VALUES ($1)', [label])

  const queue = new Queue('events', { connection: redis.client.duplicate(), prefix: redis.prefix })
  t.teardown(async () => {
    await queue.close()
    await queue.disconnect()
  })
  await queue.addBulk(Array.from({ length: count }, (_, i) => ({ name: 'mark', data: { label, i } })))

  await new Promise((resolve) => setTimeout(resolve, 300))

  const rows = await client.query<{ label: string }>('SELECT label FROM marks')
  t.equal(rows.rowCount, count, 'only this file\'s rows')
  t.ok(rows.rows.every((row) => row.label === label))
  const jobs = await queue.getJobs(['waiting'])
  t.equal(jobs.length, count, 'only this file\'s jobs')
  t.ok(jobs.every((job) => job.data.label === label))
}
