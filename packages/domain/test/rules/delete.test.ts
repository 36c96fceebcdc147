import t from 'tap'
import { deleteRule } from '../../src/rules/delete.ts'
import { example, examples } from '../examples.ts'

t.test('deleting a tag asks for nothing', async (t) => {
  const tags = examples('delete')
  t.ok(tags.every((payload) => payload.ref_type === 'tag'))
  for (const payload of tags) t.same(deleteRule(payload), [])
})

t.test('deleting a branch tears down its preview', async (t) => {
  const payload = example('delete')
  payload.ref_type = 'branch'
  payload.ref = 'fix/typo'
  t.same(deleteRule(payload), [{ kind: 'teardown', ref: 'refs/heads/fix/typo', sha: null, environment: 'branch-fix-typo' }])
})
