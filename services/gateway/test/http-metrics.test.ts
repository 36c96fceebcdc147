import { randomUUID } from 'node:crypto'
import t from 'tap'
import { startGateway } from './helpers/gateway.ts'

const { app, config } = await startGateway(t)
const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }

/** The samples of one series family, keyed by their labels in name order (Prometheus gives no order). */
function samples(metrics: string, name: string): Map<string, number> {
  const found = new Map<string, number>()
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue
    const labels = line.slice(name.length + 1, line.lastIndexOf('}')).match(/[a-z_]+="[^"]*"/g) ?? []
    found.set(labels.sort().join(','), Number(line.slice(line.lastIndexOf(' ') + 1)))
  }
  return found
}

t.test('requests are counted per route pattern, method and status, never per raw URL', async (t) => {
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ url: `/api/events/${randomUUID()}`, headers: platform })).statusCode, 404)
  t.equal((await app.inject({ url: `/api/events/${randomUUID()}` })).statusCode, 401)
  t.equal((await app.inject({ url: '/no/such/page/8f3e' })).statusCode, 404)
  await app.inject('/healthz')

  const metrics = (await app.inject('/metrics')).body
  const counts = samples(metrics, 'gwm_http_request_duration_seconds_count')
  t.same(Object.fromEntries(counts), {
    'method="GET",route="/api/events/:deliveryId",service="gateway",status_code="404"': 3,
    'method="GET",route="/api/events/:deliveryId",service="gateway",status_code="401"': 1,
    'method="GET",route="unmatched",service="gateway",status_code="404"': 1,
  }, 'one series per route and answer; probes and scrapes are not traffic')
  t.notMatch(metrics, /8f3e/, 'no raw URL in any label')
  const all = samples(metrics, 'gwm_http_request_duration_seconds_bucket').get('le="+Inf",method="GET",route="/api/events/:deliveryId",service="gateway",status_code="404"')
  t.equal(all, 3, 'durations in the histogram')
})
