import type { GhHook, GhHookInput } from '../github-types.ts'

/** The events the worker routes (and stores); GitHub sends `ping` to every hook anyway. */
export const HOOK_EVENTS = ['push', 'pull_request', 'create', 'delete', 'release'] as const

export const hookInput = (url: string, secret: string): GhHookInput => ({ url, secret, events: HOOK_EVENTS })

export const pointsAt = (hook: GhHook, url: string) => hook.config.url === url

/** What differs between a hook on GitHub and ours; empty when it is right. */
export function drift(hook: GhHook, url: string): string[] {
  const problems: string[] = []
  if (!hook.active) problems.push('inactive')
  if (!pointsAt(hook, url)) problems.push('url')
  if (hook.config.content_type !== 'json') problems.push('content_type')
  if (String(hook.config.insecure_ssl ?? '0') !== '0') problems.push('insecure_ssl')
  // GitHub shows a set secret as "********" and leaves the field out when there is none.
  if (!hook.config.secret) problems.push('secret')
  const events = new Set(hook.events)
  if (events.size !== HOOK_EVENTS.length || !HOOK_EVENTS.every((event) => events.has(event))) problems.push('events')
  return problems
}
