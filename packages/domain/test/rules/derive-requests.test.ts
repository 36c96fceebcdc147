import t from 'tap'
import { branchEnvironment, callbackTypeOf, deriveRequests } from '../../src/rules/index.ts'
import { eventNames, example, examples } from '../examples.ts'

const ROUTED = new Set(['push', 'pull_request', 'release', 'delete'])

t.test('every example of every other event is stored, not forwarded', async (t) => {
  const others = eventNames().filter((name) => !ROUTED.has(name))
  t.ok(others.includes('ping') && others.includes('issues'))
  for (const name of others) {
    for (const payload of examples(name)) t.same(deriveRequests(name, payload), [], name)
  }
})

t.test('the rules are picked by event name and are deterministic', async (t) => {
  const payload = example('pull_request', (p) => p.action === 'opened')
  t.same(deriveRequests('pull_request', payload), deriveRequests('pull_request', structuredClone(payload)))
  t.equal(deriveRequests('pull_request', payload).length, 1)
  // The same payload under another event name matches no rule.
  t.same(deriveRequests('issues', payload), [])
  t.same(deriveRequests('__proto__', payload), [])
})

t.test('a payload without a repository asks for nothing', async (t) => {
  const payload = example('push', (p) => p.ref === 'refs/heads/master')
  delete payload.repository
  t.same(deriveRequests('push', payload), [])
})

t.test('custom rules: at most one request per kind and environment', async (t) => {
  const twice = () => [
    { kind: 'preview' as const, ref: 'refs/heads/a', sha: 'a', environment: 'x' },
    { kind: 'preview' as const, ref: 'refs/heads/a', sha: 'a', environment: 'x' },
    { kind: 'teardown' as const, ref: 'refs/heads/a', sha: null, environment: 'x' },
  ]
  t.equal(deriveRequests('push', { repository: {} }, { push: twice }).length, 2)
})

t.test('environment names and callback types', async (t) => {
  t.equal(branchEnvironment('main'), 'branch-main')
  t.equal(branchEnvironment('///'), 'branch-unnamed')
  t.ok(branchEnvironment('x'.repeat(200)).length <= 63)
  t.equal(callbackTypeOf('teardown'), 'deployment.teardown')
  t.equal(callbackTypeOf('production'), 'deployment.requested')
  t.equal(callbackTypeOf('preview'), 'deployment.requested')
})
