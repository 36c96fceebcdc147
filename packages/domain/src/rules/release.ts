import { PRODUCTION } from './environments.ts'
import { decided, skipped } from './outcome.ts'
import { obj, str, TAG_PREFIX } from './payload.ts'
import type { Rule } from './types.ts'

const SHA = /^[0-9a-f]{40}$/

/**
 * release published -> production deploy of the tag (unless production.releases is false).
 * The sha is known only when target_commitish is a commit; usually it names a branch, and the
 * platform resolves the tag.
 */
export const releaseRule: Rule = (payload, rules) => {
  const action = str(payload.action)
  if (action !== 'published') return skipped(`no rule for release ${action ?? '(no action)'}`)
  const release = obj(payload.release)
  const tag = str(release?.tag_name)
  if (!release || !tag) return skipped('incomplete payload')
  if (!rules.production.releases) return skipped('releases off')
  const target = str(release.target_commitish)
  const request = { kind: 'production' as const, ref: `${TAG_PREFIX}${tag}`, sha: target && SHA.test(target) ? target : null, environment: PRODUCTION }
  return decided(request, `production: release ${tag} published`, rules)
}
