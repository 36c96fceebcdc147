import type { EntityManager } from '@mikro-orm/postgresql'
import { DeploymentStatus, type IDeploymentStatus } from '../entities/deployment-status.ts'

/** Each request's statuses, newest first (as GitHub lists a deployment's statuses); requests without any map to nothing. */
export async function statusHistory(em: EntityManager, requestIds: readonly string[], receivedAt?: { $gte: Date; $lt: Date }): Promise<Map<string, IDeploymentStatus[]>> {
  if (requestIds.length === 0) return new Map()
  // receivedAt (the requests' receipt times, the partition key) narrows the read to those days' partitions.
  const statuses = await em.find(DeploymentStatus, { request: { $in: [...requestIds] }, ...(receivedAt ? { receivedAt } : {}) }, { orderBy: { createdAt: 'desc', id: 'desc' } })
  return Map.groupBy(statuses, (status) => status.request.id)
}
