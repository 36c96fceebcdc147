import type { HookInfo } from '@gwm/github'
import type { HookInput } from '../github/user-github.ts'

/**
 * The events the worker routes (and stores); GitHub sends `ping` to every hook anyway.
 * check_suite and check_run: the deploy rules' CI gate waits for a commit's checks.
 */
const HOOK_EVENTS = ['push', 'pull_request', 'create', 'delete', 'release', 'check_suite', 'check_run'] as const

export const hookInput = (url: string, secret: string): HookInput => ({ url, secret, events: HOOK_EVENTS })

export const pointsAt = (hook: HookInfo, url: string) => hook.url === url

/** What differs between a hook on GitHub and ours; empty when it is right. */
export function drift(hook: HookInfo, url: string): string[] {
  const problems: string[] = []
  if (!hook.active) problems.push('inactive')
  if (!pointsAt(hook, url)) problems.push('url')
  if (hook.contentType !== 'json') problems.push('content_type')
  // GitHub never shows a secret, only whether one is set.
  if (!hook.hasSecret) problems.push('secret')
  const events = new Set(hook.events)
  if (events.size !== HOOK_EVENTS.length || !HOOK_EVENTS.every((event) => events.has(event))) problems.push('events')
  return problems
}
