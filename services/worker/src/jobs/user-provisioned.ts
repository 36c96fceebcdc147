import { randomUUID } from 'node:crypto'
import { type EntityManager, PlatformNotice, User } from '@gwm/domain'
import type { UserProvisionedJob } from '@gwm/queue'
import { UnrecoverableError } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'

export interface UserProvisionedDeps {
  em: () => EntityManager
  enqueueCallback: (id: string) => Promise<void>
  log: FastifyBaseLogger
}

/**
 * user-provisioned: store one `user.provisioned` notice per user (a re-run finds the row it
 * wrote), then enqueue its callback. Its id is the callback's stable webhook-id.
 */
export const makeProcessUserProvisioned = ({ em: fork, enqueueCallback, log }: UserProvisionedDeps) => async (data: UserProvisionedJob) => {
  const { userId, githubId, login } = data
  const em = fork()
  // The gateway enqueues after it committed the user: a missing user will not appear later.
  if ((await em.count(User, { id: userId })) === 0) throw new UnrecoverableError(`no user has id ${userId}: nothing to provision`)
  const now = new Date()
  await em
    .qb(PlatformNotice)
    .insert({ id: randomUUID(), type: 'user.provisioned', user: userId, data: { userId, githubId, login }, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now })
    .onConflict(['type', 'user'])
    .ignore()
    .execute('run')
  const notice = await em.findOneOrFail(PlatformNotice, { type: 'user.provisioned', user: userId }, { fields: ['id', 'status'] })
  if (notice.status === 'pending' || notice.status === 'delivering') await enqueueCallback(notice.id)
  log.info({ userId, noticeId: notice.id }, 'user.provisioned notice stored')
  return { noticeId: notice.id }
}
