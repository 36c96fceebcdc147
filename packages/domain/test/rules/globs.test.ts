import t from 'tap'
import { branchMatcher, globProblem, matcher } from '../../src/rules/globs.ts'

t.test('well-formed globs pass', async (t) => {
  for (const glob of ['src/**', '**/*.md', '*.{js,ts}', 'docs/[a-z]*.txt', '+(a|b)/**', 'package.json', 'a}', '\\[literal\\]', '.github/**']) {
    t.equal(globProblem(glob, 'path'), null, glob)
  }
  for (const glob of ['main', 'release/*', 'feature/**', 'v[0-9]*']) t.equal(globProblem(glob, 'branch'), null, glob)
})

t.test('malformed globs are refused, saying why', async (t) => {
  const rows: Array<[string, 'path' | 'branch', RegExp]> = [
    ['src/[a-', 'path', /^is not a valid glob: a "\[" is never closed by "\]"/],
    ['docs]', 'path', /^is not a valid glob: a "\]" closes no "\["/],
    ['*.{js,ts', 'path', /^is not a valid glob: a "\{" is never closed by "\}"/],
    ['@(a|b', 'path', /^is not a valid glob: a "\(" is never closed by "\)"/],
    ['a)', 'branch', /^is not a valid glob: a "\)" closes no "\("/],
    ['[z-a]', 'path', /^is not a valid glob: it can never match/],
    ['docs\\', 'branch', /^is not a valid glob: it can never match/],
    ['!docs', 'path', /^must not start with "!": list what to leave out in paths.exclude$/],
    ['!main', 'branch', /^must not start with "!": negated globs are not supported here$/],
    ['/src', 'path', /^must be relative to the repository root/],
    ['./src', 'path', /^must be relative to the repository root/],
  ]
  for (const [glob, kind, expected] of rows) t.match(globProblem(glob, kind), expected, `${kind} ${glob}`)
  t.equal(globProblem('/weird', 'branch'), null, 'a leading / is a path rule only')
})

t.test('how the globs match', async (t) => {
  const paths = matcher(['src/*', 'docs/**', '**/*.md'], 'path')
  t.ok(paths('src/a.ts'))
  t.notOk(paths('src/lib/a.ts'), '* stays within one part')
  t.ok(paths('docs/a/b/c.txt'), '** crosses parts')
  t.ok(paths('.github/README.md'), 'dotfiles count')
  t.ok(paths('docs/.hidden'), 'dotfiles count under ** too')
  t.notOk(paths('lib/a.ts'))
  t.notOk(matcher([], 'path')('anything'), 'an empty list matches nothing')
  t.equal(matcher(['a'], 'path'), matcher(['a'], 'path'), 'compiled once per list')
  t.same(['src/a', 'x'].filter(matcher(['src/*'], 'path')), ['src/a'], 'safe to pass as a callback')
  const branches = branchMatcher(['main', 'release/*', 'a+(b)'])
  t.ok(branches('main'))
  t.ok(branches('release/1.0'))
  t.notOk(branches('release/1.0/hotfix'))
  t.ok(branches('a+(b)'), 'a branch named like a glob matches itself')
  t.ok(branches('abb'), 'and as a glob')
  t.notOk(branches('Main'), 'branch names are case-sensitive, as in git')
})
