import t from 'tap'
import { isReplayable } from '../src/pages/event/request-replay.ts'

t.test('a request sent before (delivered or failed) offers a replay', async (t) => {
  t.ok(isReplayable('delivered'))
  t.ok(isReplayable('failed'))
})

t.test('a request never sent, or on its way, offers none', async (t) => {
  for (const status of ['pending', 'delivering', 'waiting_checks', 'superseded', 'cancelled', 'blocked']) t.notOk(isReplayable(status), status)
})
