import { runPrepared } from '@gwm/domain'
import { createTestOrm } from '@gwm/testkit'
import t from 'tap'

// runPrepared inside a transaction: the values travel as parameters on the transaction's own
// connection (an array stays an array), and what it wrote goes with the transaction.
const { orm } = await createTestOrm(t)

t.test('inside a transaction, an array is one parameter, and the statement sees the transaction', async (t) => {
  const rows = await orm.em.fork().transactional(async (tx) => {
    await runPrepared(tx, 'create temp table seen (n bigint) on commit drop', [])
    await runPrepared(tx, 'insert into seen select unnest(?::bigint[])', [[1, 2, 3]])
    return runPrepared<{ n: string }>(tx, 'select n from seen where n = any(?::bigint[]) order by n', [[2, 3, 4]])
  })
  t.same(rows.map((row) => Number(row.n)), [2, 3], 'both arrays bound whole, the table written in the same transaction')
})

t.test('a transaction that fails takes back what runPrepared wrote in it', async (t) => {
  await runPrepared(orm.em.fork(), 'create table if not exists kept (n int)', [])
  await t.rejects(orm.em.fork().transactional(async (tx) => {
    await runPrepared(tx, 'insert into kept select unnest(?::int[])', [[7, 8]])
    await runPrepared(tx, 'select 1 / (? - 1)', [1])
  }), /division by zero/)
  const [row] = await runPrepared<{ n: number }>(orm.em.fork(), 'select count(*)::int as n from kept', [])
  t.equal(row?.n, 0, 'nothing kept')
})

t.test('lockFirst inside a transaction runs before the statement, on the same connection', async (t) => {
  const held = await orm.em.fork().transactional(async (tx) => {
    await runPrepared(tx, 'select 1', [], { lockFirst: { sql: 'select pg_advisory_xact_lock(?)', values: [4242] } })
    return runPrepared<{ n: number }>(tx, `select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = ? and pid = pg_backend_pid()`, [4242])
  })
  t.equal(held[0]?.n, 1, 'the lock is the transaction\'s')
})

t.test('byIndex plans the statement with sequential scans off, for its own transaction alone', async (t) => {
  const setting = `select current_setting('enable_seqscan') as v`
  t.same(await runPrepared(orm.em.fork(), setting, [], { byIndex: true }), [{ v: 'off' }], 'off while it runs')
  t.same(await runPrepared(orm.em.fork(), setting, []), [{ v: 'on' }], 'on again for the next statement of the pool')
  const inside = await orm.em.fork().transactional(async (tx) => [
    ...(await runPrepared<{ v: string }>(tx, setting, [], { byIndex: true })),
    ...(await runPrepared<{ v: string }>(tx, setting, [])),
  ])
  t.same(inside.map((row) => row.v), ['off', 'on'], 'in a caller\'s transaction, on again for its next statement')
})
