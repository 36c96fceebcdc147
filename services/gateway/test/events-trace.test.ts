import { WebhookEvent } from '@gwm/domain'
import t from 'tap'
import { seedEvent } from './helpers/events.ts'
import { startWithGitHub } from './helpers/gateway.ts'

// An event the ingest traced keeps its trace (webhook_events.traceparent): GET /api/events/{id}
// names its trace id, to find its spans by; an event stored untraced says null.
const { app, config, orm } = await startWithGitHub(t)
const asPlatform = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` } })

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
const traced = await seedEvent(orm, { repo: 'octocat/hello-world' })
const untraced = await seedEvent(orm, { repo: 'octocat/hello-world' })
await orm.em.fork().nativeUpdate(WebhookEvent, { deliveryId: traced.deliveryId }, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` })

t.test('one event shows the trace id of its delivery, or null', async (t) => {
  const one = await asPlatform(`/api/events/${traced.deliveryId}`)
  t.equal(one.statusCode, 200)
  t.equal(one.json().traceId, traceId)
  const other = await asPlatform(`/api/events/${untraced.deliveryId}`)
  t.equal(other.statusCode, 200)
  t.equal(other.json().traceId, null)
})

t.test('the OpenAPI document describes it', async (t) => {
  const doc = (await app.inject({ url: '/openapi.json' })).json()
  const detail = doc.paths['/api/events/{deliveryId}'].get.responses['200'].content['application/json'].schema
  const schema = detail.$ref ? doc.components.schemas[detail.$ref.split('/').pop()] : detail
  t.ok(schema.properties.traceId, 'traceId is in the getEvent answer')
})
