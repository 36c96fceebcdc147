import t from 'tap'
import { delivery, HOOK_ID, HOOK_SECRET } from './helpers/deliveries.ts'
import { sendRaw } from './helpers/raw-http.ts'
import { startIngest } from './helpers/start-ingest.ts'

t.test('a body that stops coming is cut at REQUEST_TIMEOUT_MS (408), however well the request is signed', async (t) => {
  const ingest = await startIngest(t, { env: { REQUEST_TIMEOUT_MS: '1000' } })
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  await ingest.listen()
  const port = (ingest.app.server.address() as { port: number }).port
  const sent = await delivery() // signed for a known hook: it passes the checks made before the body

  const started = Date.now()
  // The whole body but its last byte, then nothing: a client trickling or stalled.
  const res = await sendRaw(port, { headers: Object.entries(sent.headers), body: sent.body, unfinished: true }, { answerWithinMs: 6_000 })
  t.equal(res.status, 408, 'Request Timeout')
  t.ok(Date.now() - started < 4_000, `answered within 4 s (${Date.now() - started} ms)`)
  t.equal((await ingest.jobs()).length, 0, 'nothing stored')
})
