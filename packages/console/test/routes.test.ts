import t from 'tap'
import { eventPath, matchRoute } from '../src/routing/routes.ts'

t.test('each console path shows its page', async (t) => {
  t.same(matchRoute('/'), { page: 'home' })
  t.same(matchRoute('/signin'), { page: 'signin' })
  t.same(matchRoute('/repos/'), { page: 'repos' }, 'a trailing slash is the same page')
  t.same(matchRoute('/events'), { page: 'events' })
  t.same(matchRoute('/events/72d3162e-cc78-11e3-81ab-4c9367dc0958'), { page: 'event', deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958' })
  t.same(matchRoute('/events/a/b'), { page: 'not_found' })
  t.same(matchRoute('/events/%E0%A4%A'), { page: 'not_found' }, 'broken percent-encoding is no page, not a crash')
  t.same(matchRoute('/admin'), { page: 'not_found' })
})

t.test('an event\'s path survives any delivery id', async (t) => {
  const id = 'a/b?c#d'
  t.same(matchRoute(eventPath(id)), { page: 'event', deliveryId: id })
})
