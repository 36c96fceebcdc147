import t from 'tap'
import { headlineOf } from '../src/pages/event/commit-message.ts'

t.test('an event\'s headline: the head commit, the pull request, the release', async (t) => {
  t.same(headlineOf({ head_commit: { message: 'fix <b>it</b>' } }), { label: 'Commit message', text: 'fix <b>it</b>' })
  t.same(headlineOf({ pull_request: { title: 'Add a page' } }), { label: 'Pull request', text: 'Add a page' })
  t.same(headlineOf({ release: { name: 'v1.0' } }), { label: 'Release', text: 'v1.0' })
})

t.test('a payload of any other shape has none, and breaks nothing', async (t) => {
  t.equal(headlineOf({}), null)
  t.equal(headlineOf({ head_commit: null }), null, 'a push that deleted a branch has no head commit')
  t.equal(headlineOf({ head_commit: { message: 42 } }), null)
  t.equal(headlineOf({ head_commit: 'text' }), null)
})
