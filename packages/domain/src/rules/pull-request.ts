import { pullRequestEnvironment } from './environments.ts'
import { num, obj, str } from './payload.ts'
import type { Rule } from './types.ts'

const DEPLOY_ACTIONS = new Set(['opened', 'reopened', 'synchronize'])

/**
 * pull_request opened / reopened / synchronize -> preview deploy of the head sha in
 * environment pr-<number>; closed (merged or not) -> teardown of that environment.
 * The ref is refs/pull/<n>/head, which the base repository serves for forks too.
 */
export const pullRequestRule: Rule = (payload) => {
  const action = str(payload.action)
  const pr = obj(payload.pull_request)
  const number = num(payload.number) ?? num(pr?.number)
  if (!action || !pr || number === undefined) return []
  const ref = `refs/pull/${number}/head`
  const environment = pullRequestEnvironment(number)
  const sha = str(obj(pr.head)?.sha) ?? null
  if (DEPLOY_ACTIONS.has(action)) {
    return sha ? [{ kind: 'preview', ref, sha, environment, pullRequest: number }] : []
  }
  if (action === 'closed') return [{ kind: 'teardown', ref, sha, environment, pullRequest: number }]
  return []
}
