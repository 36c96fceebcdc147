import { randomBytes } from 'node:crypto'
import { loadWorkerConfig } from '@gwm/config'
import { DeploymentRequest } from '@gwm/domain'
import { examples } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// DEPLOY_PLATFORM_SECRET=new,old: every callback carries both signatures, so the platform may
// switch to the new secret whenever it likes during the rotation.
const push = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
const another = () => `whsec_${randomBytes(24).toString('base64')}`

for (const role of ['old', 'new'] as const) {
  t.test(`DEPLOY_PLATFORM_SECRET=new,old: a platform holding only the ${role} secret verifies every callback`, async (t) => {
    const b = await backing(t)
    const held = b.env.DEPLOY_PLATFORM_SECRET! // the receiver's secret
    const both = role === 'old' ? `${another()},${held}` : `${held},${another()}`
    await startWorker(t, { ...b, config: loadWorkerConfig({ ...b.env, DEPLOY_PLATFORM_SECRET: both }) })
    const deliveryId = await b.addEvent('push', push())
    const request = await until(() => b.orm.em.fork().findOne(DeploymentRequest, { event: { deliveryId }, status: { $in: ['delivered', 'failed'] } }), 15_000, 'request settled')
    t.equal(request.status, 'delivered')
    t.ok(b.receiver.requests.length > 0, 'the platform was called')
    t.ok(b.receiver.requests.every((r) => r.verified), 'every callback verified')
  })
}
