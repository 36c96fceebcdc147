import t from 'tap'
import { checkIsolation } from './isolation.ts'

t.test('a test file sees only its own database rows and queue jobs (a)', (t) => checkIsolation(t, 'a', 3))
