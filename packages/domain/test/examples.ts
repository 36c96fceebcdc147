// Real payloads from @octokit/webhooks-examples, for the rule tests.
import { createRequire } from 'node:module'

type Payload = Record<string, unknown>
const require = createRequire(import.meta.url)
const groups = require('@octokit/webhooks-examples') as Array<{ name: string; examples: Payload[] }>

export function examples(event: string): Payload[] {
  const group = groups.find((candidate) => candidate.name === event)
  if (!group) throw new Error(`no examples for "${event}"`)
  return structuredClone(group.examples)
}

export function example(event: string, where: (payload: Payload) => boolean = () => true): Payload {
  const found = examples(event).find(where)
  if (!found) throw new Error(`no matching "${event}" example`)
  return found
}

export const eventNames = (): string[] => groups.map((group) => group.name)
