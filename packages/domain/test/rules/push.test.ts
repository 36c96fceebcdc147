import t from 'tap'
import { DEFAULT_DEPLOY_RULES as DEFAULTS } from '../../src/rules/index.ts'
import { pushRule } from '../../src/rules/push.ts'
import { example, examples } from '../examples.ts'
import { commit, pushTo, rules } from './helpers.ts'

const master = { defaultBranch: 'master' }

t.test('a push to the default branch is a production deploy of `after`', async (t) => {
  const payload = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false)
  t.equal((payload.repository as Record<string, unknown>).default_branch, 'master')
  t.same(pushRule(payload, DEFAULTS, master), {
    requests: [{ kind: 'production', ref: 'refs/heads/master', sha: payload.after, environment: 'production', reason: 'production: push to master' }],
    decision: 'production: push to master',
  })
})

t.test('the default branch is the context\'s, not the payload\'s', async (t) => {
  t.equal(pushRule(pushTo('master'), DEFAULTS, { defaultBranch: 'main' }).decision, 'skipped: not the production branch')
  t.equal(pushRule(pushTo('main'), DEFAULTS, { defaultBranch: 'main' }).decision, 'production: push to main')
})

t.test('a push to another branch asks for nothing', async (t) => {
  t.same(pushRule(pushTo('feature/login'), DEFAULTS, master), { requests: [], decision: 'skipped: not the production branch' })
})

t.test('production branches: names or globs, instead of the default branch', async (t) => {
  const custom = rules({ production: { branches: ['main', 'release/*', 'hotfix+(1)'] } })
  t.equal(pushRule(pushTo('main'), custom, master).decision, 'production: push to main')
  t.equal(pushRule(pushTo('release/1.2'), custom, master).decision, 'production: push to release/1.2')
  t.equal(pushRule(pushTo('release/1.2/rc'), custom, master).decision, 'skipped: not the production branch', '* stays within one part')
  t.equal(pushRule(pushTo('hotfix+(1)'), custom, master).decision, 'production: push to hotfix+(1)', 'a name is matched as itself before as a glob')
  t.equal(pushRule(pushTo('master'), custom, master).decision, 'skipped: not the production branch', 'the default branch is no longer production')
})

t.test('tag pushes, created or deleted, ask for nothing', async (t) => {
  const tags = examples('push').filter((p) => String(p.ref).startsWith('refs/tags/'))
  t.ok(tags.length >= 2)
  for (const payload of tags) t.same(pushRule(payload, DEFAULTS, master), { requests: [], decision: 'skipped: tag push' }, `deleted=${payload.deleted}`)
  t.equal(pushRule(pushTo('x', { ref: 'refs/notes/commits' }), DEFAULTS, master).decision, 'skipped: push to refs/notes/commits')
})

t.test('a push that deletes a branch tears down that branch preview', async (t) => {
  // GitHub sends the same shape for a deleted branch as for the deleted tag in the examples.
  const payload = example('push', (p) => p.deleted === true)
  payload.ref = 'refs/heads/Feature/Login_Page'
  t.same(pushRule(payload, DEFAULTS, master), {
    requests: [{ kind: 'teardown', ref: 'refs/heads/Feature/Login_Page', sha: null, environment: 'branch-feature-login-page', reason: 'teardown: branch Feature/Login_Page deleted' }],
    decision: 'teardown: branch Feature/Login_Page deleted',
  })
  const byZeroSha = pushTo('fix', { after: '0000000000000000000000000000000000000000', deleted: undefined })
  t.equal(pushRule(byZeroSha, DEFAULTS, master).requests[0]?.kind, 'teardown', 'after = the zero sha says deleted too')
})

t.test('a deleted default branch is a teardown too, never a deploy of the zero sha', async (t) => {
  const payload = example('push', (p) => p.deleted === true)
  payload.ref = 'refs/heads/master'
  const { requests } = pushRule(payload, DEFAULTS, master)
  t.equal(requests.length, 1)
  t.equal(requests[0]?.kind, 'teardown')
})

t.test('branch previews: pushes to matching branches deploy branch-<slug>', async (t) => {
  const previews = rules({ previews: { branches: ['feature/*', 'team/**'] } })
  const payload = pushTo('feature/Login')
  t.same(pushRule(payload, previews, master), {
    requests: [{ kind: 'preview', ref: 'refs/heads/feature/Login', sha: payload.after, environment: 'branch-feature-login', reason: 'preview: push to feature/Login' }],
    decision: 'preview: push to feature/Login',
  })
  t.equal(pushRule(pushTo('team/a/b/c'), previews, master).decision, 'preview: push to team/a/b/c', '** crosses parts')
  t.equal(pushRule(pushTo('feature/a/b'), previews, master).decision, 'skipped: not a production or preview branch')
  t.equal(pushRule(pushTo('master'), rules({ previews: { branches: ['*'] } }), master).decision, 'production: push to master', 'production comes first')
  const deleted = pushTo('feature/Login', { deleted: true, after: '0000000000000000000000000000000000000000' })
  t.equal(pushRule(deleted, previews, master).decision, 'teardown: branch feature/Login deleted')
})

t.test('skip markers in the head commit message, ignoring case', async (t) => {
  const withMessage = (message: string) => pushTo('master', { head_commit: { id: 'x', message } })
  t.same(pushRule(withMessage('Fix typo [skip deploy]'), DEFAULTS, master), { requests: [], decision: 'skipped: marker [skip deploy]' })
  t.equal(pushRule(withMessage('Docs only [DEPLOY SKIP]\n\nbody'), DEFAULTS, master).decision, 'skipped: marker [deploy skip]')
  t.equal(pushRule(withMessage('Docs [skip ci]'), DEFAULTS, master).decision, 'production: push to master', '[skip ci] is not a marker by default')
  t.equal(pushRule(withMessage('Docs [skip ci]'), rules({ skipMarkers: ['[skip ci]'] }), master).decision, 'skipped: marker [skip ci]')
  t.equal(pushRule(withMessage('x [skip deploy]'), rules({ skipMarkers: [] }), master).decision, 'production: push to master', 'no markers: nothing skips')
  t.equal(pushRule(pushTo('master', { head_commit: null }), DEFAULTS, master).decision, 'production: push to master', 'no head commit: no marker')
  const previews = rules({ previews: { branches: ['feature/*'] } })
  t.equal(pushRule(pushTo('feature/x', { head_commit: { message: '[skip deploy]' } }), previews, master).decision, 'skipped: marker [skip deploy]', 'branch previews too')
  const deleted = pushTo('feature/x', { deleted: true, after: '0000000000000000000000000000000000000000', head_commit: { message: '[skip deploy]' } })
  t.equal(pushRule(deleted, previews, master).decision, 'teardown: branch feature/x deleted', 'never a teardown')
})

t.test('paths: a push deploys only when a changed file counts', async (t) => {
  const src = rules({ paths: { include: ['src/**', 'package.json'], exclude: ['**/*.md'] } })
  const touching = (...commits: Record<string, unknown>[]) => pushTo('master', { commits })
  t.equal(pushRule(touching(commit(['docs/guide.txt'])), src, master).decision, 'skipped: paths')
  t.equal(pushRule(touching(commit(['src/README.md'])), src, master).decision, 'skipped: paths', 'excluded inside included')
  t.equal(pushRule(touching(commit(['src/app.ts'])), src, master).decision, 'production: push to master')
  t.equal(pushRule(touching(commit([], ['package.json'])), src, master).decision, 'production: push to master', 'added files count')
  t.equal(pushRule(touching(commit([], [], ['src/old.ts'])), src, master).decision, 'production: push to master', 'removed files count')
  t.equal(pushRule(touching(commit(['a.md']), commit(['src/b.ts'])), src, master).decision, 'production: push to master', 'every commit counts')
  t.equal(pushRule(touching(), src, master).decision, 'skipped: paths', 'no commit, no changed file')
  const onlyExclude = rules({ paths: { exclude: ['docs/**', '**/*.md'] } })
  t.equal(pushRule(touching(commit(['docs/a.txt', 'README.md'])), onlyExclude, master).decision, 'skipped: paths')
  t.equal(pushRule(touching(commit(['docs/a.txt', 'Makefile'])), onlyExclude, master).decision, 'production: push to master')
  const dot = rules({ paths: { include: ['**/*.yml'] } })
  t.equal(pushRule(touching(commit(['.github/workflows/ci.yml'])), dot, master).decision, 'production: push to master', 'globs match dotfiles')
  const previews = rules({ paths: { include: ['src/**'] }, previews: { branches: ['feature/*'] } })
  t.equal(pushRule(pushTo('feature/x', { commits: [commit(['docs/a'])] }), previews, master).decision, 'skipped: paths', 'branch previews too')
})

t.test('paths: a payload that may not list every change asks for them', async (t) => {
  const src = rules({ paths: { include: ['src/**'] } })
  const twenty = pushTo('master', { commits: Array.from({ length: 20 }, () => commit(['docs/a.md'])) })
  t.same(pushRule(twenty, src, master), { requests: [], decision: 'undecided: changed files needed', needsChangedFiles: true })
  t.equal(pushRule(twenty, src, { ...master, changedFiles: ['docs/a.md'] }).decision, 'skipped: paths', 'decided again with the list')
  t.equal(pushRule(twenty, src, { ...master, changedFiles: ['docs/a.md', 'src/x.ts'] }).decision, 'production: push to master')
  const unknown = pushRule(twenty, src, { ...master, changedFiles: null })
  t.equal(unknown.decision, 'production: push to master (paths not checked: changed files unknown)', 'unknown: deploy, and say so')
  t.equal(unknown.requests[0]?.reason, 'production: push to master')
  t.equal(pushRule(pushTo('master', { commits: Array.from({ length: 19 }, () => commit(['docs/a.md'])) }), src, master).decision, 'skipped: paths', '19 is all of them')
  t.ok(pushRule(pushTo('master', { forced: true }), src, master).needsChangedFiles, 'a forced push: its list leaves out what it dropped')
  t.ok(pushRule(pushTo('master', { commits: undefined }), src, master).needsChangedFiles, 'no list at all')
  t.equal(pushRule(pushTo('master', { created: true }), src, master).decision, 'production: push to master (paths not checked: changed files unknown)', 'a new branch has nothing to compare with')
  t.equal(pushRule(twenty, DEFAULTS, master).decision, 'production: push to master', 'no paths filter: the list is never needed')
  t.notOk('needsChangedFiles' in pushRule(twenty, DEFAULTS, master))
})

t.test('the checks gate holds deploys, never teardowns', async (t) => {
  t.notOk('waitForChecks' in pushRule(pushTo('master'), DEFAULTS, master))
  t.same(pushRule(pushTo('master'), rules({ checks: { gate: 'all' } }), master).waitForChecks, { names: 'all', timeoutMinutes: 60 })
  const named = rules({ checks: { gate: 'named', names: ['build', 'test'], timeoutMinutes: 15 }, previews: { branches: ['feature/*'] } })
  t.same(pushRule(pushTo('master'), named, master).waitForChecks, { names: ['build', 'test'], timeoutMinutes: 15 })
  t.same(pushRule(pushTo('feature/x'), named, master).waitForChecks, { names: ['build', 'test'], timeoutMinutes: 15 }, 'branch previews too')
  const deleted = pushRule(pushTo('feature/x', { deleted: true, after: '0000000000000000000000000000000000000000' }), named, master)
  t.notOk('waitForChecks' in deleted)
  t.notOk('waitForChecks' in pushRule(pushTo('other'), named, master), 'nothing to hold')
})

t.test('a payload without ref or after asks for nothing', async (t) => {
  t.equal(pushRule(pushTo('master', { ref: undefined }), DEFAULTS, master).decision, 'skipped: incomplete payload')
  t.equal(pushRule(pushTo('master', { after: null }), DEFAULTS, master).decision, 'skipped: incomplete payload')
})
