import t from 'tap'
import { DEFAULT_DEPLOY_RULES as DEFAULTS } from '../../src/rules/index.ts'
import { releaseRule } from '../../src/rules/release.ts'
import { examples } from '../examples.ts'
import { rules } from './helpers.ts'

const all = examples('release')
const master = { defaultBranch: 'master' }

t.test('release published is a production deploy of the tag', async (t) => {
  const published = all.filter((payload) => payload.action === 'published')
  t.ok(published.length > 0)
  for (const payload of published) {
    const tag = (payload.release as Record<string, unknown>).tag_name
    // target_commitish names a branch here, so the platform resolves the tag itself.
    t.same(releaseRule(payload, DEFAULTS, master), {
      requests: [{ kind: 'production', ref: `refs/tags/${tag}`, sha: null, environment: 'production', reason: `production: release ${tag} published` }],
      decision: `production: release ${tag} published`,
    })
  }
})

t.test('a release that targets a commit carries its sha', async (t) => {
  const payload = all.find((candidate) => candidate.action === 'published')!
  const sha = 'a10867b14bb761a232cd80139fbd4c0d33264240'
  ;(payload.release as Record<string, unknown>).target_commitish = sha
  t.equal(releaseRule(payload, DEFAULTS, master).requests[0]?.sha, sha)
})

t.test('production.releases false: releases deploy nothing', async (t) => {
  const payload = all.find((candidate) => candidate.action === 'published')!
  t.same(releaseRule(payload, rules({ production: { releases: false } }), master), { requests: [], decision: 'skipped: releases off' })
})

t.test('the checks gate holds a release too', async (t) => {
  const payload = all.find((candidate) => candidate.action === 'published')!
  t.same(releaseRule(payload, rules({ checks: { gate: 'named', names: ['build'] } }), master).waitForChecks, { names: ['build'], timeoutMinutes: 60 })
})

t.test('created, edited, prereleased, released and deleted ask for nothing', async (t) => {
  const others = all.filter((payload) => payload.action !== 'published')
  t.ok(others.length > 5)
  for (const payload of others) {
    t.same(releaseRule(payload, DEFAULTS, master), { requests: [], decision: `skipped: no rule for release ${payload.action}` }, String(payload.action))
  }
  const payload = all.find((candidate) => candidate.action === 'published')!
  t.equal(releaseRule({ ...payload, release: { tag_name: '' } }, DEFAULTS, master).decision, 'skipped: incomplete payload')
})
