import t from 'tap'
import { DEFAULT_DEPLOY_RULES as DEFAULTS } from '../../src/rules/index.ts'
import { deleteRule } from '../../src/rules/delete.ts'
import { pushRule } from '../../src/rules/push.ts'
import { example, examples } from '../examples.ts'
import { pushTo, rules } from './helpers.ts'

const master = { defaultBranch: 'master' }

t.test('deleting a tag asks for nothing', async (t) => {
  const tags = examples('delete')
  t.ok(tags.every((payload) => payload.ref_type === 'tag'))
  for (const payload of tags) t.same(deleteRule(payload, DEFAULTS, master), { requests: [], decision: 'skipped: tag deleted' })
})

t.test('deleting a branch tears down its preview: the same request as the push that deleted it', async (t) => {
  const payload = example('delete')
  payload.ref_type = 'branch'
  payload.ref = 'fix/typo'
  const decision = deleteRule(payload, DEFAULTS, master)
  t.same(decision, {
    requests: [{ kind: 'teardown', ref: 'refs/heads/fix/typo', sha: null, environment: 'branch-fix-typo', reason: 'teardown: branch fix/typo deleted' }],
    decision: 'teardown: branch fix/typo deleted',
  })
  const push = pushTo('fix/typo', { deleted: true, after: '0000000000000000000000000000000000000000' })
  t.same(pushRule(push, DEFAULTS, master), decision, 'the worker sees the same environment twice and keeps one')
  const gated = rules({ checks: { gate: 'all' }, previews: { branches: ['fix/*'] } })
  t.same(deleteRule(payload, gated, master), decision, 'no checks gate on a teardown')
})

t.test('a delete without ref or ref_type asks for nothing', async (t) => {
  const payload = example('delete')
  t.equal(deleteRule({ ...payload, ref_type: 'branch', ref: '' }, DEFAULTS, master).decision, 'skipped: incomplete payload')
  t.equal(deleteRule({ ...payload, ref_type: undefined }, DEFAULTS, master).decision, 'skipped: incomplete payload')
})
