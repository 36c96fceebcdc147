import t from 'tap'
import { checkIsolation } from './isolation.ts'

t.test('a test file sees only its own database rows and queue jobs (b)', (t) => checkIsolation(t, 'b', 5))
