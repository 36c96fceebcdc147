import { sign } from '@octokit/webhooks-methods'
import t from 'tap'
import { delivery, HOOK_ID, HOOK_SECRET, post } from './helpers/deliveries.ts'
import { startIngest } from './helpers/start-ingest.ts'

t.test('malformed deliveries are answered 400/413/415 with a JSON error and store nothing', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })

  const check = async (name: string, headers: Record<string, string>, body: string | Buffer, status: number, code: string, message: RegExp) => {
    const res = await post(ingest.app, headers, body)
    t.equal(res.statusCode, status, `${name}: ${status}`)
    t.same(Object.keys(res.json()).sort(), ['error', 'message'], `${name}: {error, message}`)
    t.equal(res.json().error, code, `${name}: ${code}`)
    t.match(res.json().message, message, `${name}: says what is wrong`)
    t.notMatch(res.body, /at .*\.ts:\d+/, `${name}: no stack trace`)
  }
  const signed = async (body: string) => {
    const sent = await delivery({ body })
    return sent.headers
  }
  const without = (headers: Record<string, string>, name: string) => Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name))

  const ok = await delivery()
  await check('no X-GitHub-Event', without(ok.headers, 'x-github-event'), ok.body, 400, 'bad_request', /X-GitHub-Event is missing/)
  await check('no X-GitHub-Delivery', without(ok.headers, 'x-github-delivery'), ok.body, 400, 'bad_request', /X-GitHub-Delivery is missing/)
  await check('malformed X-GitHub-Delivery', { ...ok.headers, 'x-github-delivery': 'a b:c' }, ok.body, 400, 'bad_request', /X-GitHub-Delivery is malformed/)
  await check('malformed X-GitHub-Hook-ID', { ...ok.headers, 'x-github-hook-id': 'abc' }, ok.body, 400, 'bad_request', /X-GitHub-Hook-ID is malformed/)

  await check('not JSON', await signed('{"ref": "refs/heads/main",'), '{"ref": "refs/heads/main",', 400, 'bad_request', /not valid JSON/)
  await check('plain text', await signed('hello'), 'hello', 400, 'bad_request', /not valid JSON/)
  for (const body of ['[1,2,3]', '"push"', 'null', '42', 'true']) {
    await check(`JSON ${body}`, await signed(body), body, 400, 'bad_request', /not a JSON object/)
  }
  const form = 'zen=Keep+it+logically+awesome'
  await check('form without payload', { ...(await signed(form)), 'content-type': 'application/x-www-form-urlencoded' }, form, 400, 'bad_request', /no "payload" field/)
  const badForm = 'payload=%7Bnot-json'
  await check('form with a payload that is not JSON', { ...(await signed(badForm)), 'content-type': 'application/x-www-form-urlencoded' }, badForm, 400, 'bad_request', /not valid JSON/)
  await check('empty body', { ...ok.headers, 'x-hub-signature-256': `sha256=${'a'.repeat(64)}` }, '', 400, 'bad_request', /body is empty/)

  await check('text/plain', { ...ok.headers, 'content-type': 'text/plain' }, ok.body, 415, 'unsupported_media_type', /content type "text\/plain" is not accepted: set the webhook's content type to application\/json/)
  await check('multipart', { ...ok.headers, 'content-type': 'multipart/form-data; boundary=x' }, ok.body, 415, 'unsupported_media_type', /multipart\/form-data/)
  await check('no content type', without(ok.headers, 'content-type'), ok.body, 415, 'unsupported_media_type', /without a content type/)

  const huge = Buffer.alloc(25 * 1024 * 1024 + 1, 0x20)
  await check('body over 25 MB', { ...ok.headers, 'x-hub-signature-256': await sign(HOOK_SECRET, 'x') }, huge, 413, 'payload_too_large', /larger than 25 MB/)

  t.equal((await ingest.jobs()).length, 0, 'nothing stored')
  t.equal((await post(ingest.app, ok.headers, ok.body)).statusCode, 202, 'the valid delivery itself is fine')
})

t.test('a body of exactly 25 MB is accepted', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const prefix = '{"zen":"'
  const suffix = '"}'
  const body = prefix + 'x'.repeat(25 * 1024 * 1024 - prefix.length - suffix.length) + suffix
  const sent = await delivery({ body })
  const res = await post(ingest.app, sent.headers, body)
  t.equal(res.statusCode, 202)
  const [job] = await ingest.jobs()
  t.equal(job?.data.payload.length, 25 * 1024 * 1024)
})

t.test('other routes and methods are JSON 404s', async (t) => {
  const ingest = await startIngest(t)
  const res = await ingest.app.inject({ method: 'GET', url: '/api/webhook' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), { error: 'not_found', message: 'no route for GET /api/webhook' })
  t.equal((await ingest.app.inject({ method: 'POST', url: '/api/webhooks' })).statusCode, 404)
})
