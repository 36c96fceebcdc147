import { deriveRequests } from '@gwm/domain/rules'
import { exampleEventNames, examples } from '@gwm/testkit/webhooks'
import { UsageError } from './usage-error.ts'

type Payload = Record<string, unknown>

/** The repositories the example payloads are about: the local stack lets WEBHOOK_SECRET deliver for these. */
export function exampleRepositoryIds(): number[] {
  const ids = exampleEventNames().flatMap((event) => examples(event).map((payload) => (payload.repository as { id?: unknown } | undefined)?.id))
  return [...new Set(ids.filter((id): id is number => typeof id === 'number'))].sort((a, b) => a - b)
}

const actionsOf = (payloads: Payload[]) => [...new Set(payloads.map((payload) => payload.action).filter((action) => typeof action === 'string'))]

/**
 * A real example delivery of the event (@octokit/webhooks-examples), with the action when one is
 * asked for. Of several, the first that asks for a deployment under the default rules: the one
 * that shows the most of the pipeline.
 */
export function pickExample(event: string, action: string | undefined): Payload {
  if (!exampleEventNames().includes(event)) {
    throw new UsageError(`no example of the event "${event}": the events with examples are ${exampleEventNames().join(', ')}`)
  }
  const all = examples(event)
  const candidates = action === undefined ? all : all.filter((payload) => payload.action === action)
  if (candidates.length === 0) {
    const actions = actionsOf(all)
    throw new UsageError(actions.length === 0
      ? `the "${event}" examples have no action: leave --action out`
      : `no "${event}" example with the action "${action}": its examples' actions are ${actions.join(', ')}`)
  }
  return candidates.find((payload) => deriveRequests(event, payload).length > 0) ?? candidates[0]!
}
