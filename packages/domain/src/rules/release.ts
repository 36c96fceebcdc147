import { PRODUCTION } from './environments.ts'
import { obj, str, TAG_PREFIX } from './payload.ts'
import type { Rule } from './types.ts'

const SHA = /^[0-9a-f]{40}$/

/**
 * release published -> production deploy of the tag. The sha is known only when
 * target_commitish is a commit; usually it names a branch, and the platform resolves the tag.
 */
export const releaseRule: Rule = (payload) => {
  if (payload.action !== 'published') return []
  const release = obj(payload.release)
  const tag = str(release?.tag_name)
  if (!release || !tag) return []
  const target = str(release.target_commitish)
  return [{ kind: 'production', ref: `${TAG_PREFIX}${tag}`, sha: target && SHA.test(target) ? target : null, environment: PRODUCTION }]
}
