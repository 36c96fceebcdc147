import t from 'tap'
import { instantOf, localInputValue } from '../src/lib/local-time.ts'

t.test('a moment goes to a datetime-local value and back, to the minute', async (t) => {
  const at = new Date('2026-12-06T10:15:42Z')
  const value = localInputValue(at)
  t.match(value, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
  t.equal(instantOf(value), '2026-12-06T10:15:00.000Z')
})

t.test('what names no moment is refused, not sent as "Invalid Date"', async (t) => {
  for (const bad of ['', 'yesterday', '2026-13-45T99:99', '12/06/2026 10:00', '<script>']) t.equal(instantOf(bad), null, JSON.stringify(bad))
})
