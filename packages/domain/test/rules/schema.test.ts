import t from 'tap'
import { DEFAULT_DEPLOY_RULES, DeployRulesSchema, deployRulesProblems, parseDeployRules, withDefaults } from '../../src/rules/index.ts'

t.test('the defaults: every field, and what each means today', async (t) => {
  t.same(DEFAULT_DEPLOY_RULES, {
    production: { releases: true },
    previews: { pullRequests: 'all', label: 'deploy-preview', forks: 'off', branches: [] },
    paths: { include: [], exclude: [] },
    skipMarkers: ['[skip deploy]', '[deploy skip]'],
    checks: { gate: 'off', names: [], timeoutMinutes: 60 },
  })
  t.notOk('branches' in DEFAULT_DEPLOY_RULES.production, 'no production branches: the repository\'s default branch')
  t.ok(Object.isFrozen(DEFAULT_DEPLOY_RULES) && Object.isFrozen(DEFAULT_DEPLOY_RULES.paths.include), 'frozen all the way down')
  t.same(withDefaults({}), DEFAULT_DEPLOY_RULES)
  const parsed = parseDeployRules({})
  t.ok(parsed.ok)
  if (parsed.ok) t.same(parsed.rules, DEFAULT_DEPLOY_RULES)
})

t.test('the schema\'s documented defaults are the ones applied', async (t) => {
  type Node = { default?: unknown; properties?: Record<string, Node> }
  const schema = DeployRulesSchema as unknown as Node
  const seen: string[] = []
  const walk = (node: Node, path: string[], applied: unknown) => {
    if (node.default !== undefined) {
      seen.push(path.join('.'))
      t.same(node.default, applied, `${path.join('.')} defaults to ${JSON.stringify(applied)}`)
    }
    for (const [name, inner] of Object.entries(node.properties ?? {})) walk(inner, [...path, name], (applied as Record<string, unknown> | undefined)?.[name])
  }
  walk(schema, [], DEFAULT_DEPLOY_RULES)
  t.same(seen.sort(), [
    'checks.gate', 'checks.timeoutMinutes', 'paths.exclude', 'paths.include', 'previews.branches', 'previews.forks',
    'previews.label', 'previews.pullRequests', 'production.releases', 'skipMarkers',
  ])
})

t.test('a full set of rules is kept as given, absent fields defaulted', async (t) => {
  const input = {
    production: { branches: ['main', 'release/*'], releases: false },
    previews: { pullRequests: 'labeled' as const, label: 'preview', forks: 'labeled' as const, branches: ['feature/**'] },
    paths: { include: ['src/**', 'package.json'], exclude: ['**/*.md'] },
    skipMarkers: ['[skip ci]'],
    checks: { gate: 'named' as const, names: ['build', 'test'], timeoutMinutes: 1440 },
  }
  const parsed = parseDeployRules(structuredClone(input))
  t.ok(parsed.ok)
  if (parsed.ok) t.same(parsed.rules, input)
  const partial = parseDeployRules({ previews: { forks: 'labeled' }, checks: { gate: 'all' } })
  t.ok(partial.ok)
  if (partial.ok) {
    t.same(partial.rules.previews, { ...DEFAULT_DEPLOY_RULES.previews, forks: 'labeled' })
    t.same(partial.rules.checks, { gate: 'all', names: [], timeoutMinutes: 60 })
  }
  t.same(withDefaults({ skipMarkers: [] }).skipMarkers, [], 'an empty list of markers: nothing skips')
})

t.test('the limits, just inside', async (t) => {
  for (const input of [
    { previews: { label: 'x'.repeat(50) } },
    { previews: { label: 'x' } },
    { checks: { timeoutMinutes: 1 } },
    { checks: { timeoutMinutes: 1440 } },
    { checks: { gate: 'all' as const } },
    { checks: { gate: 'off' as const, names: ['build'] } },
    { production: { branches: ['main'] } },
    { production: { branches: ['x'.repeat(255)] } },
    { paths: { include: Array.from({ length: 100 }, (_, i) => `dir${i}/**`) } },
    { previews: { branches: ['feature/*', 'fix-+(a|b)', '[[:alpha:]]*'] } },
  ]) {
    const parsed = parseDeployRules(input)
    t.ok(parsed.ok, JSON.stringify(input).slice(0, 80))
    if (!parsed.ok) t.comment(parsed.errors)
  }
})

/** Bad input, one row each: the input and what the one error must say (naming the field). */
const BAD: Array<[string, unknown, RegExp]> = [
  ['not an object', 'main', /^rules must be object$/],
  ['null', null, /^rules must be object$/],
  ['an array', [], /^rules must be object$/],
  ['unknown field', { deploy: true }, /^rules must NOT have additional properties \(deploy\)$/],
  ['unknown nested field', { previews: { fork: 'off' } }, /^rules\/previews must NOT have additional properties \(fork\)$/],
  ['unknown field in checks', { checks: { gate: 'all', timeout: 5 } }, /^rules\/checks must NOT have additional properties \(timeout\)$/],
  ['empty production branch list', { production: { branches: [] } }, /^rules\/production\/branches must not have fewer than 1 items$/],
  ['empty production branch name', { production: { branches: [''] } }, /^rules\/production\/branches\/0 must not have fewer than 1 characters$/],
  ['production branches not a list', { production: { branches: 'main' } }, /^rules\/production\/branches must be array$/],
  ['releases not a boolean', { production: { releases: 'yes' } }, /^rules\/production\/releases must be boolean$/],
  ['label over 50 characters', { previews: { label: 'x'.repeat(51) } }, /^rules\/previews\/label must not have more than 50 characters$/],
  ['empty label', { previews: { label: '' } }, /^rules\/previews\/label must not have fewer than 1 characters$/],
  ['unknown pull request mode', { previews: { pullRequests: 'some' } }, /^rules\/previews\/pullRequests must be one of "all", "labeled", "off"$/],
  ['unknown fork mode', { previews: { forks: 'all' } }, /^rules\/previews\/forks must be one of "off", "labeled"$/],
  ['timeout 0', { checks: { timeoutMinutes: 0 } }, /^rules\/checks\/timeoutMinutes must be >= 1$/],
  ['timeout 1441', { checks: { timeoutMinutes: 1441 } }, /^rules\/checks\/timeoutMinutes must be <= 1440$/],
  ['timeout 1.5', { checks: { timeoutMinutes: 1.5 } }, /^rules\/checks\/timeoutMinutes must be integer$/],
  ['timeout as text', { checks: { timeoutMinutes: '60' } }, /^rules\/checks\/timeoutMinutes must be integer$/],
  ['unknown gate', { checks: { gate: 'some' } }, /^rules\/checks\/gate must be one of "off", "all", "named"$/],
  ['gate named with no names', { checks: { gate: 'named' } }, /^rules\/checks\/names must list at least one check name when checks\/gate is "named"$/],
  ['gate named with an empty list', { checks: { gate: 'named', names: [] } }, /^rules\/checks\/names must list at least one check name/],
  ['empty check name', { checks: { gate: 'named', names: [''] } }, /^rules\/checks\/names\/0 must not have fewer than 1 characters$/],
  ['skip markers not a list', { skipMarkers: '[skip deploy]' }, /^rules\/skipMarkers must be array$/],
  ['empty skip marker', { skipMarkers: [''] }, /^rules\/skipMarkers\/0 must not have fewer than 1 characters$/],
  ['too many path globs', { paths: { include: Array.from({ length: 101 }, (_, i) => `d${i}`) } }, /^rules\/paths\/include must not have more than 100 items$/],
  ['unbalanced bracket in a path glob', { paths: { include: ['src/[a-'] } }, /^rules\/paths\/include\/0 is not a valid glob: a "\[" is never closed by "\]" \(write \\\[ to match the character itself\)$/],
  ['unbalanced brace in a path glob', { paths: { exclude: ['**/*.{js,ts'] } }, /^rules\/paths\/exclude\/0 is not a valid glob: a "\{" is never closed by "\}"/],
  ['unbalanced parenthesis in a path glob', { paths: { include: ['docs', '+(a|b'] } }, /^rules\/paths\/include\/1 is not a valid glob: a "\(" is never closed by "\)"/],
  ['a stray closing bracket', { paths: { include: ['docs]'] } }, /^rules\/paths\/include\/0 is not a valid glob: a "\]" closes no "\["/],
  ['a reversed range', { paths: { include: ['[z-a].txt'] } }, /^rules\/paths\/include\/0 is not a valid glob: it can never match/],
  ['a trailing backslash', { paths: { include: ['docs\\'] } }, /^rules\/paths\/include\/0 is not a valid glob: it can never match/],
  ['a negated path glob', { paths: { include: ['!docs/**'] } }, /^rules\/paths\/include\/0 must not start with "!": list what to leave out in paths.exclude$/],
  ['an absolute path glob', { paths: { include: ['/src/**'] } }, /^rules\/paths\/include\/0 must be relative to the repository root/],
  ['a ./ path glob', { paths: { exclude: ['./docs'] } }, /^rules\/paths\/exclude\/0 must be relative to the repository root/],
  ['a bad preview branch glob', { previews: { branches: ['feature/[x'] } }, /^rules\/previews\/branches\/0 is not a valid glob: a "\[" is never closed/],
  ['a negated preview branch glob', { previews: { branches: ['!main'] } }, /^rules\/previews\/branches\/0 must not start with "!"/],
  ['a bad production branch glob', { production: { branches: ['main', 'release/{1,2'] } }, /^rules\/production\/branches\/1 is not a valid glob/],
]

t.test('bad input: one clear error naming the field, nothing applied', async (t) => {
  for (const [name, input, expected] of BAD) {
    const parsed = parseDeployRules(input)
    t.notOk(parsed.ok, `${name}: refused`)
    if (parsed.ok) continue
    t.equal(parsed.errors.length, 1, `${name}: one error (${parsed.errors.join(' | ')})`)
    t.match(parsed.errors[0], expected, name)
  }
})

t.test('several problems are all reported', async (t) => {
  const parsed = parseDeployRules({ previews: { label: '', forks: 'x' }, checks: { timeoutMinutes: 0 } })
  t.notOk(parsed.ok)
  if (!parsed.ok) t.equal(parsed.errors.length, 3, parsed.errors.join(' | '))
  t.same(deployRulesProblems({ paths: { include: ['[', 'ok/**'], exclude: ['!x'] }, checks: { gate: 'named' } }, 'body'), [
    'body/paths/include/0 is not a valid glob: a "[" is never closed by "]" (write \\[ to match the character itself)',
    'body/paths/exclude/0 must not start with "!": list what to leave out in paths.exclude',
    'body/checks/names must list at least one check name when checks/gate is "named"',
  ])
})
