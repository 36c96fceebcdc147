import { pullRequestEnvironment } from './environments.ts'
import { decided, skipped } from './outcome.ts'
import { num, obj, type Payload, str } from './payload.ts'
import type { DeployRulesConfig } from './schema.ts'
import type { Decision, Rule } from './types.ts'

const DEPLOY_ACTIONS = new Set(['opened', 'reopened', 'synchronize'])

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/**
 * From a fork: the head repository is not the base repository, or is gone (GitHub sends
 * head.repo null when the fork was deleted). The base is the event's repository. A payload that
 * does not carry head.repo at all (GitHub's always does; a view trimmed to fewer fields may not)
 * is read as it was before forks were told apart: not a fork.
 */
function fromFork(payload: Payload, pr: Payload): boolean {
  const head = obj(pr.head)
  if (!head || !Object.hasOwn(head, 'repo')) return false
  const headName = str(obj(head.repo)?.full_name)
  const baseName = str(obj(obj(pr.base)?.repo)?.full_name) ?? str(obj(payload.repository)?.full_name)
  if (!headName || !baseName) return true
  return !sameName(headName, baseName)
}

const hasLabel = (pr: Payload, label: string) =>
  Array.isArray(pr.labels) && pr.labels.some((candidate) => {
    const name = str(obj(candidate)?.name)
    return name !== undefined && sameName(name, label)
  })

/** Whether the label decides this pull request's preview: labeled mode, or a fork when forks are labeled. */
const labelGates = (rules: DeployRulesConfig, fork: boolean) => rules.previews.pullRequests === 'labeled' || fork

/**
 * pull_request opened / reopened / synchronize -> preview deploy of the head sha in environment
 * pr-<number>, per previews: pullRequests (all, labeled, off), forks (off, labeled), label;
 * labeled with the label, where it decides -> the same preview; unlabeled, where it decides ->
 * teardown; closed (merged or not) -> teardown, always (tearing down nothing is harmless).
 * The ref is refs/pull/<n>/head, which the base repository serves for forks too.
 */
export const pullRequestRule: Rule = (payload, rules) => {
  const action = str(payload.action)
  const pr = obj(payload.pull_request)
  const number = num(payload.number) ?? num(pr?.number)
  if (!action || !pr || number === undefined) return skipped('incomplete payload')
  const ref = `refs/pull/${number}/head`
  const environment = pullRequestEnvironment(number)
  const sha = str(obj(pr.head)?.sha) ?? null
  const what = `pull request #${number}`
  const { label } = rules.previews

  const preview = (reason: string): Decision => {
    if (rules.previews.pullRequests === 'off') return skipped('pull request previews off')
    const fork = fromFork(payload, pr)
    if (fork && rules.previews.forks === 'off') return skipped('fork')
    if (labelGates(rules, fork) && !hasLabel(pr, label)) return skipped(`not labeled ${label}`)
    if (!sha) return skipped('incomplete payload')
    return decided({ kind: 'preview', ref, sha, environment, pullRequest: number }, reason, rules)
  }

  if (action === 'closed') return decided({ kind: 'teardown', ref, sha, environment, pullRequest: number }, `teardown: ${what} closed`, rules)
  if (DEPLOY_ACTIONS.has(action)) return preview(`preview: ${what} ${action}`)
  if (action === 'labeled' || action === 'unlabeled') {
    const changed = str(obj(payload.label)?.name)
    if (!changed || !sameName(changed, label)) return skipped(`no rule for label ${changed ?? '(none)'}`)
    if (pr.state !== 'open') return skipped(`${what} is ${str(pr.state) ?? 'not open'}`)
    if (rules.previews.pullRequests === 'off') return skipped('pull request previews off')
    const fork = fromFork(payload, pr)
    if (fork && rules.previews.forks === 'off') return skipped('fork')
    if (!labelGates(rules, fork)) return skipped(`${label} does not gate this pull request`)
    if (action === 'labeled') return preview(`preview: ${what} labeled ${label}`)
    return decided({ kind: 'teardown', ref, sha, environment, pullRequest: number }, `teardown: ${what} unlabeled ${label}`, rules)
  }
  return skipped(`no rule for pull_request ${action}`)
}
