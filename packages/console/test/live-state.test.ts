import t from 'tap'
import { type LiveState, liveStatusText, nextLiveState, reopenDelayMs } from '../src/live/live-state.ts'

const at = new Date('2026-12-06T10:00:00Z')
const later = new Date('2026-12-06T10:00:07Z')

t.test('a first open is live; an open after a loss says it reconnected, and when', async (t) => {
  let state: LiveState = { status: 'connecting' }
  state = nextLiveState(state, { type: 'open', at })
  t.same(state, { status: 'live', reconnectedAt: null })
  t.equal(liveStatusText(state), 'Live updates: on')

  state = nextLiveState(state, { type: 'lost', at })
  t.equal(state.status, 'reconnecting')
  t.match(liveStatusText(state), /connection lost at .*reconnecting/)
  t.same(nextLiveState(state, { type: 'lost', at: later }), state, 'a second loss keeps the first loss\'s time')

  state = nextLiveState(state, { type: 'open', at: later })
  t.same(state, { status: 'live', reconnectedAt: later })
  t.match(liveStatusText(state), /^Live updates: reconnected at /)
})

t.test('a stopped stream says why', async (t) => {
  t.equal(liveStatusText(nextLiveState({ status: 'connecting' }, { type: 'stopped', reason: 'your session ended' })), 'Live updates stopped: your session ended')
})

t.test('a stream the browser gave up on is opened again after a growing wait, at most 30 s', async (t) => {
  t.same([1, 2, 3, 4, 5, 10].map(reopenDelayMs), [3000, 6000, 12_000, 24_000, 30_000, 30_000])
})
