import type { FastifyRequest } from 'fastify'
import type { Delivery } from '../model.ts'

/** Helpers of the /_sim routes. */

export const repoOf = (req: FastifyRequest) => {
  const { owner, repo } = req.params as { owner: string; repo: string }
  return `${owner}/${repo}`
}

/** The JSON body, checked to be an object; the control methods check the fields. */
export function body<T = Record<string, unknown>>(req: FastifyRequest): T {
  const value = req.body ?? {}
  if (typeof value !== 'object' || Array.isArray(value)) throw Object.assign(new Error('github-sim: the body must be a JSON object'), { statusCode: 400 })
  return value as T
}

export const summary = (delivery: Delivery) => ({
  id: delivery.id, guid: delivery.guid, hookId: delivery.hookId, event: delivery.event, action: delivery.action,
  statusCode: delivery.statusCode, status: delivery.status, redelivery: delivery.redelivery, installationId: delivery.installationId,
})

