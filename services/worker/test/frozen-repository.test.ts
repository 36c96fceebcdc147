import { DeploymentRequest, Repository } from '@gwm/domain'
import { examples } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

const push = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!

t.test('a retry sends the body of the first attempt even if the repository was renamed in between', async (t) => {
  // A second between attempts, so the rename lands between the first and the retry.
  const b = await backing(t, { CALLBACK_BACKOFF_BASE_MS: '1000', CALLBACK_BACKOFF_MAX_MS: '1000' })
  await startWorker(t, b)
  b.receiver.failNext(1, 500)
  const deliveryId = await b.addEvent('push', push())
  const sentOf = () => b.receiver.requests.filter((r) => (r.body?.data?.event as { deliveryId?: string } | undefined)?.deliveryId === deliveryId)
  await until(() => sentOf().length === 1, 10_000, 'first attempt')

  const repository = await b.orm.em.fork().findOneOrFail(Repository, { fullName: 'Codertocat/Hello-World' })
  await b.orm.em.fork().nativeUpdate(Repository, { id: repository.id }, { fullName: 'Codertocat/Renamed', defaultBranch: 'trunk', private: true })
  const renamedAt = Date.now()

  await until(() => b.orm.em.fork().findOne(DeploymentRequest, { event: { deliveryId }, status: 'delivered' }), 10_000, 'delivered')
  const [first, retry] = sentOf()
  t.ok(retry && retry.at >= renamedAt, 'the retry was sent after the rename')
  t.same(retry?.body?.data?.repository, first?.body?.data?.repository, 'both attempts describe the repository alike')
  t.match(first?.body?.data?.repository, { fullName: 'Codertocat/Hello-World', defaultBranch: 'master', private: false })
  t.equal(retry?.webhookId, first?.webhookId)
})

t.test('a request made before repositories were kept on it still reads the repository row', async (t) => {
  const b = await backing(t)
  await startWorker(t, b)
  b.receiver.rejectNext(1, 400)
  const deliveryId = await b.addEvent('push', push())
  const request = await until(() => b.orm.em.fork().findOne(DeploymentRequest, { event: { deliveryId }, status: 'failed' }), 10_000, 'failed')
  // As rows written before the columns existed: nothing kept.
  await b.orm.em.fork().nativeUpdate(DeploymentRequest, { id: request.id }, { repositoryFullName: null, repositoryDefaultBranch: null, repositoryPrivate: null, status: 'pending', nextAttemptAt: new Date() })
  await until(() => b.orm.em.fork().findOne(DeploymentRequest, { id: request.id, status: 'delivered' }), 15_000, 'delivered by the sweeper')
  const last = b.receiver.requests.filter((r) => r.webhookId === request.id).at(-1)
  t.match(last?.body?.data?.repository, { fullName: 'Codertocat/Hello-World', defaultBranch: 'master', private: false })
})
