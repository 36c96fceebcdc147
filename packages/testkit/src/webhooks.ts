import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { sign } from '@octokit/webhooks-methods'

interface ExampleGroup {
  name: string
  examples: Array<Record<string, unknown>>
}

const require = createRequire(import.meta.url)
const groups = require('@octokit/webhooks-examples') as ExampleGroup[]

/** Every real example payload of an event (from @octokit/webhooks-examples). */
export function examples(event: string): Array<Record<string, unknown>> {
  const group = groups.find((candidate) => candidate.name === event)
  if (!group) throw new Error(`no examples for event "${event}"`)
  return structuredClone(group.examples)
}

/** The first example of an event, optionally the first with a given action. */
export function example(event: string, action?: string): Record<string, unknown> {
  const found = examples(event).find((payload) => action === undefined || payload.action === action)
  if (!found) throw new Error(`no "${event}" example with action "${action}"`)
  return found
}

export const exampleEventNames = (): string[] => groups.map((group) => group.name)

export interface SignedDelivery {
  headers: Record<string, string>
  body: string
  deliveryId: string
}

/** A delivery exactly as GitHub would send it: GitHub's headers, signed over the raw body. */
export async function signedDelivery(options: {
  event: string
  payload: unknown
  secret: string
  hookId?: number | string
  deliveryId?: string
  body?: string
}): Promise<SignedDelivery> {
  const body = options.body ?? JSON.stringify(options.payload)
  const deliveryId = options.deliveryId ?? randomUUID()
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/test',
    'x-github-event': options.event,
    'x-github-delivery': deliveryId,
    'x-hub-signature-256': await sign(options.secret, body),
  }
  if (options.hookId !== undefined) {
    headers['x-github-hook-id'] = String(options.hookId)
    headers['x-github-hook-installation-target-type'] = 'repository'
    headers['x-github-hook-installation-target-id'] = '1296269'
  }
  return { headers, body, deliveryId }
}
