import { DEFAULT_DEPLOY_RULES, decide } from '@gwm/domain/rules'
import type { Payload } from './payload.ts'

export interface Where {
  /** The gateway's events API. */
  api: string
  /** The console, where people look. */
  console: string
}

/**
 * What the worker will make of the delivery under the default deploy rules (a repository's own
 * rules may differ: the stored event says what was decided), and where to follow it.
 */
export function callbackHint(event: string, payload: Payload, deliveryId: string, where: Where): string {
  const repository = payload.repository as { default_branch?: unknown } | undefined
  const defaultBranch = typeof repository?.default_branch === 'string' ? repository.default_branch : ''
  let decision = decide(event, payload, DEFAULT_DEPLOY_RULES, { defaultBranch })
  if (decision.needsChangedFiles) decision = decide(event, payload, DEFAULT_DEPLOY_RULES, { defaultBranch, changedFiles: null })
  const api = `${where.api}/api/events/${deliveryId}`
  if (decision.requests.length === 0) return `no callback under the default deploy rules (${decision.decision}); the stored event: GET ${api}`
  const asked = decision.requests.map((request) => `${request.kind === 'teardown' ? 'teardown' : `${request.kind} deployment`} of ${request.ref} (environment ${request.environment})`).join(', ')
  return [
    `callback: under the default deploy rules the platform is asked for a ${asked} (${decision.decision})`,
    `  follow it: GET ${api}   (Authorization: Bearer $PLATFORM_API_TOKEN, in .data/local-secrets.json unless you set it)`,
    `  console:   ${where.console}/events/${deliveryId}`,
  ].join('\n')
}
