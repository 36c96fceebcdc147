import t from 'tap'
import { releaseRule } from '../../src/rules/release.ts'
import { examples } from '../examples.ts'

const all = examples('release')

t.test('release published is a production deploy of the tag', async (t) => {
  const published = all.filter((payload) => payload.action === 'published')
  t.ok(published.length > 0)
  for (const payload of published) {
    const tag = (payload.release as Record<string, unknown>).tag_name
    // target_commitish names a branch here, so the platform resolves the tag itself.
    t.same(releaseRule(payload), [{ kind: 'production', ref: `refs/tags/${tag}`, sha: null, environment: 'production' }])
  }
})

t.test('a release that targets a commit carries its sha', async (t) => {
  const payload = all.find((candidate) => candidate.action === 'published')!
  const sha = 'a10867b14bb761a232cd80139fbd4c0d33264240'
  ;(payload.release as Record<string, unknown>).target_commitish = sha
  t.equal(releaseRule(payload)[0]?.sha, sha)
})

t.test('created, edited, prereleased, released and deleted ask for nothing', async (t) => {
  const others = all.filter((payload) => payload.action !== 'published')
  t.ok(others.length > 5)
  for (const payload of others) t.same(releaseRule(payload), [], String(payload.action))
})
