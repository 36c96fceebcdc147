import { createHmac } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { inboxKeys } from '@gwm/queue'
import { example } from '@gwm/testkit'
import { sign } from '@octokit/webhooks-methods'
import t from 'tap'
import { delivery, HOOK_ID, HOOK_SECRET } from './helpers/deliveries.ts'
import { type RawRequest, sendRaw } from './helpers/raw-http.ts'
import { startIngest } from './helpers/start-ingest.ts'

/**
 * Every hostile input the ingest is tried with, one row each: what is sent (over a raw TCP
 * connection, so Node's own HTTP parser sees it as a client would send it) and the status
 * and error code it must get. A rejected request stores nothing and never answers with a
 * stack trace.
 */
const MB = 1024 * 1024
const OTHER_HOOK = 5150
const OTHER_SECRET = 'secret-of-another-hook'

// Overload shedding off: the 25 MB rows must not turn the rows after them into 503s.
const ingest = await startIngest(t, { env: { MAX_EVENT_LOOP_DELAY_MS: '0' } })
await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
await ingest.publish(OTHER_HOOK, { current: OTHER_SECRET })
// A hook the gateway bound to the push example's repository when it published its secret.
const BOUND_HOOK = 6060
const BOUND_SECRET = 'secret-of-a-bound-hook'
await ingest.publish(BOUND_HOOK, { current: BOUND_SECRET, repositoryId: 186853002 })
await ingest.listen()
const port = (ingest.app.server.address() as { port: number }).port
const stored = () => ingest.redis.client.xlen(inboxKeys(ingest.redis.prefix).stream)

type Headers = Record<string, string>
const hmac = (secret: string, body: string | Buffer) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

/** A valid delivery of HOOK_ID (a real push payload), then `edit` applied to its headers. */
async function valid(edit: Record<string, string | null> = {}, options: { body?: string } = {}): Promise<{ headers: Headers; body: string }> {
  const sent = await delivery(options.body === undefined ? {} : { body: options.body })
  const headers: Headers = { ...sent.headers }
  for (const [name, value] of Object.entries(edit)) {
    if (value === null) delete headers[name]
    else headers[name] = value
  }
  return { headers, body: sent.body }
}

const raw = (sent: { headers: Headers; body: string | Buffer }, extra: Partial<RawRequest> = {}): RawRequest => ({
  headers: Object.entries(sent.headers),
  body: sent.body,
  ...extra,
})

/** A body signed correctly for HOOK_ID, sent with these headers changed. */
async function signedBody(body: string | Buffer, edit: Record<string, string | null> = {}): Promise<RawRequest> {
  const sent = await valid(edit)
  return raw({ headers: { ...sent.headers, 'x-hub-signature-256': hmac(HOOK_SECRET, body), ...strip(edit) }, body })
}
const strip = (edit: Record<string, string | null>) => Object.fromEntries(Object.entries(edit).filter((entry): entry is [string, string] => entry[1] !== null))

/** Headers as given, then a 20 MB body the client never finishes sending. */
const LARGE_BODY = Buffer.alloc(20 * MB, 0x20)
const unfinished = (sent: { headers: Headers }, extra: Array<[string, string]> = [], body = LARGE_BODY): RawRequest => ({ headers: [...Object.entries(sent.headers), ...extra], body, unfinished: true })
const LARGE_CHUNK = Buffer.concat([Buffer.from(`${LARGE_BODY.length.toString(16)}\r\n`), LARGE_BODY])

/** A delivery of BOUND_HOOK, signed with its secret. */
const bound = async (payload: Record<string, unknown>, event = 'push') => raw(await delivery({ event, payload, hookId: BOUND_HOOK, secret: BOUND_SECRET }))
const aboutRepository = (id: number) => ({ ...example('push'), repository: { ...(example('push').repository as object), id } })

const deep = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth)

interface Case {
  name: string
  request: () => Promise<RawRequest>
  /** status, and our error code where the ingest answers it (Node's own parser errors carry none). */
  expect: { status: number; error?: string; message?: RegExp }
  /** Jobs the request adds: 0 for every rejected one. */
  stores?: number
}

const cases: Case[] = [
  // Signatures
  { name: 'no X-Hub-Signature-256', request: async () => raw(await valid({ 'x-hub-signature-256': null })), expect: { status: 401, error: 'missing_signature' } },
  { name: 'empty X-Hub-Signature-256', request: async () => raw(await valid({ 'x-hub-signature-256': '' })), expect: { status: 401, error: 'missing_signature' } },
  { name: 'signature that is not hex', request: async () => raw(await valid({ 'x-hub-signature-256': 'sha256=not-hex' })), expect: { status: 401, error: 'malformed_signature' } },
  { name: 'signature without the sha256= prefix', request: async () => { const sent = await valid(); return raw({ ...sent, headers: { ...sent.headers, 'x-hub-signature-256': sent.headers['x-hub-signature-256']!.slice(7) } }) }, expect: { status: 401, error: 'malformed_signature' } },
  { name: 'sha1 X-Hub-Signature only', request: async () => { const sent = await valid({ 'x-hub-signature-256': null }); return raw({ ...sent, headers: { ...sent.headers, 'x-hub-signature': `sha1=${createHmac('sha1', HOOK_SECRET).update(sent.body).digest('hex')}` } }) }, expect: { status: 401, error: 'sha1_only' } },
  { name: 'sha256 digest under a sha1= prefix', request: async () => { const sent = await valid(); return raw({ ...sent, headers: { ...sent.headers, 'x-hub-signature-256': sent.headers['x-hub-signature-256']!.replace('sha256=', 'sha1=') } }) }, expect: { status: 401, error: 'malformed_signature' } },
  { name: 'signature one hex digit short (63)', request: async () => { const sent = await valid(); return raw({ ...sent, headers: { ...sent.headers, 'x-hub-signature-256': sent.headers['x-hub-signature-256']!.slice(0, -1) } }) }, expect: { status: 401, error: 'malformed_signature' } },
  { name: 'signature one hex digit long (65)', request: async () => { const sent = await valid(); return raw({ ...sent, headers: { ...sent.headers, 'x-hub-signature-256': `${sent.headers['x-hub-signature-256']}0` } }) }, expect: { status: 401, error: 'malformed_signature' } },
  { name: 'signature of 64 zeros', request: async () => raw(await valid({ 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` })), expect: { status: 401, error: 'unauthorized' } },
  // Hex is case-insensitive: the right MAC in capitals is still the right MAC.
  { name: 'right MAC in uppercase hex (accepted)', request: async () => { const sent = await valid(); return raw({ ...sent, headers: { ...sent.headers, 'x-hub-signature-256': `sha256=${sent.headers['x-hub-signature-256']!.slice(7).toUpperCase()}` } }) }, expect: { status: 202 }, stores: 1 },
  { name: 'wrong MAC in uppercase hex', request: async () => { const sent = await valid(); return raw({ ...sent, headers: { ...sent.headers, 'x-hub-signature-256': hmac(HOOK_SECRET, 'another body').toUpperCase().replace('SHA256=', 'sha256=') } }) }, expect: { status: 401, error: 'unauthorized' } },
  { name: 'X-Hub-Signature-256 twice (right, then wrong)', request: async () => { const sent = await valid(); return { headers: [...Object.entries(sent.headers), ['x-hub-signature-256', `sha256=${'0'.repeat(64)}`]], body: sent.body } }, expect: { status: 401, error: 'malformed_signature' } },
  { name: 'X-Hub-Signature-256 twice (both right)', request: async () => { const sent = await valid(); return { headers: [...Object.entries(sent.headers), ['x-hub-signature-256', sent.headers['x-hub-signature-256']!]], body: sent.body } }, expect: { status: 401, error: 'malformed_signature' } },
  { name: 'signature for another body', request: async () => raw({ ...(await valid()), body: '{"zen":"tampered body"}' }), expect: { status: 401, error: 'unauthorized' } },
  { name: 'body with a byte appended after signing', request: async () => { const sent = await valid(); return raw({ ...sent, body: `${sent.body} ` }) }, expect: { status: 401, error: 'unauthorized' } },
  { name: "signed with another hook's secret", request: async () => { const sent = await valid(); return raw({ ...sent, headers: { ...sent.headers, 'x-hub-signature-256': await sign(OTHER_SECRET, sent.body) } }) }, expect: { status: 401, error: 'unauthorized', message: /could not be verified/ } },
  { name: "this hook's signature sent as another hook", request: async () => raw(await valid({ 'x-github-hook-id': String(OTHER_HOOK) })), expect: { status: 401, error: 'unauthorized', message: /could not be verified/ } },
  { name: 'unknown hook id, no WEBHOOK_SECRET', request: async () => raw(await valid({ 'x-github-hook-id': '999999' })), expect: { status: 401, error: 'unauthorized' } },
  { name: 'no hook id, no WEBHOOK_SECRET', request: async () => raw(await valid({ 'x-github-hook-id': null })), expect: { status: 401, error: 'unauthorized' } },
  // A hook's secret opens the repository it was published for, and no other.
  { name: "a push about another repository, signed with a bound hook's secret", request: () => bound(aboutRepository(1296269)), expect: { status: 401, error: 'unauthorized' } },
  { name: 'a payload naming no repository, to a hook bound to one', request: () => bound({ action: 'opened', zen: 'no repository' }, 'issues'), expect: { status: 401, error: 'unauthorized' } },
  { name: 'a payload whose repository id is a string, to a bound hook', request: () => bound({ ...example('push'), repository: { ...(example('push').repository as object), id: '186853002' } }), expect: { status: 401, error: 'unauthorized' } },
  { name: "a push about its bound hook's repository (accepted)", request: () => bound(aboutRepository(186853002)), expect: { status: 202 }, stores: 1 },
  { name: 'hook id that is not a number', request: async () => raw(await valid({ 'x-github-hook-id': 'abc' })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Hook-ID is malformed/ } },
  { name: 'negative hook id', request: async () => raw(await valid({ 'x-github-hook-id': '-424242' })), expect: { status: 400, error: 'bad_request' } },
  { name: 'hook id of 21 digits', request: async () => raw(await valid({ 'x-github-hook-id': '9'.repeat(21) })), expect: { status: 400, error: 'bad_request' } },
  { name: 'hook id with a path in it', request: async () => raw(await valid({ 'x-github-hook-id': '424242/../1' })), expect: { status: 400, error: 'bad_request' } },

  // Event and delivery headers
  { name: 'no X-GitHub-Event', request: async () => raw(await valid({ 'x-github-event': null })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event is missing/ } },
  { name: 'empty X-GitHub-Event', request: async () => raw(await valid({ 'x-github-event': '' })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event is missing/ } },
  { name: 'no X-GitHub-Delivery', request: async () => raw(await valid({ 'x-github-delivery': null })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Delivery is missing/ } },
  { name: 'delivery id with a space and a colon', request: async () => raw(await valid({ 'x-github-delivery': 'a b:c' })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Delivery is malformed/ } },
  { name: 'delivery id of 101 characters', request: async () => raw(await valid({ 'x-github-delivery': 'a'.repeat(101) })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Delivery is malformed/ } },
  { name: 'delivery id of 8 KB', request: async () => raw(await valid({ 'x-github-delivery': 'a'.repeat(8 * 1024) })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Delivery is malformed/ } },
  { name: 'delivery id with a tab (passes the HTTP parser)', request: async () => raw(await valid({ 'x-github-delivery': 'abc\tdef' })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Delivery is malformed/ } },
  { name: 'delivery id with a control character', request: async () => raw(await valid({ 'x-github-delivery': 'abc\u0001def' })), expect: { status: 400 } },
  { name: 'delivery id with a NUL byte', request: async () => raw(await valid({ 'x-github-delivery': 'abc\u0000def' })), expect: { status: 400 } },
  { name: 'delivery id with a DEL character', request: async () => raw(await valid({ 'x-github-delivery': 'abc\u007fdef' })), expect: { status: 400 } },
  { name: 'delivery id in unicode', request: async () => raw(await valid({ 'x-github-delivery': 'délivrance-🚀' })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Delivery is malformed/ } },
  { name: 'delivery id that is a path', request: async () => raw(await valid({ 'x-github-delivery': '../../etc/passwd' })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Delivery is malformed/ } },
  { name: 'event name of 65 characters', request: async () => raw(await valid({ 'x-github-event': 'p'.repeat(65) })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event is malformed/ } },
  { name: 'event name with a slash', request: async () => raw(await valid({ 'x-github-event': 'push/../ping' })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event is malformed/ } },
  { name: 'event name with a control character', request: async () => raw(await valid({ 'x-github-event': 'pu\u0007sh' })), expect: { status: 400 } },
  { name: 'event name in unicode', request: async () => raw(await valid({ 'x-github-event': 'pusħ' })), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event is malformed/ } },
  { name: 'header line of 20 KB', request: async () => raw(await valid({ 'x-github-event': 'p'.repeat(20 * 1024) })), expect: { status: 431 } },
  { name: '200 extra headers of 1 KB', request: async () => { const sent = await valid(); return { headers: [...Object.entries(sent.headers), ...Array.from({ length: 200 }, (_, i): [string, string] => [`x-pad-${i}`, 'x'.repeat(1024)])], body: sent.body } }, expect: { status: 431 } },
  { name: 'Content-Length and Transfer-Encoding together', request: async () => { const sent = await valid(); return { headers: [...Object.entries(sent.headers), ['content-length', String(Buffer.byteLength(sent.body))], ['transfer-encoding', 'chunked']], body: `${Buffer.byteLength(sent.body).toString(16)}\r\n${sent.body}\r\n0\r\n\r\n` } }, expect: { status: 400 } },
  { name: 'two different Content-Lengths', request: async () => { const sent = await valid(); return { headers: [...Object.entries(sent.headers), ['content-length', String(Buffer.byteLength(sent.body))], ['content-length', '5']], body: sent.body } }, expect: { status: 400 } },

  // Bodies
  { name: 'empty body', request: async () => raw({ ...(await valid({ 'x-hub-signature-256': hmac(HOOK_SECRET, '') })), body: '' }), expect: { status: 400, error: 'bad_request', message: /body is empty/ } },
  { name: 'body that is not JSON', request: () => signedBody('{"ref": "refs/heads/main",'), expect: { status: 400, error: 'bad_request', message: /not valid JSON/ } },
  { name: 'plain words', request: () => signedBody('hello'), expect: { status: 400, error: 'bad_request', message: /not valid JSON/ } },
  { name: 'JSON array', request: () => signedBody('[1,2,3]'), expect: { status: 400, error: 'bad_request', message: /not a JSON object/ } },
  { name: 'JSON string', request: () => signedBody('"push"'), expect: { status: 400, error: 'bad_request', message: /not a JSON object/ } },
  { name: 'JSON number', request: () => signedBody('42'), expect: { status: 400, error: 'bad_request', message: /not a JSON object/ } },
  { name: 'JSON null', request: () => signedBody('null'), expect: { status: 400, error: 'bad_request', message: /not a JSON object/ } },
  { name: 'JSON true', request: () => signedBody('true'), expect: { status: 400, error: 'bad_request', message: /not a JSON object/ } },
  { name: 'JSON with a byte-order mark', request: () => signedBody('\uFEFF{"zen":"bom"}'), expect: { status: 400, error: 'bad_request', message: /not valid JSON/ } },
  { name: 'arrays nested 10,000 deep', request: () => signedBody(deep(10_000, '[', ']')), expect: { status: 400, error: 'bad_request', message: /not a JSON object/ } },
  { name: 'arrays nested 100,000 deep, unsigned (never parsed)', request: async () => raw({ ...(await valid()), body: deep(100_000, '[', ']') }), expect: { status: 401, error: 'unauthorized' } },
  { name: 'objects nested 10,000 deep, unsigned (never parsed)', request: async () => raw({ ...(await valid()), body: deep(10_000, '{"a":', '}') }), expect: { status: 401, error: 'unauthorized' } },
  // Postgres's jsonb refuses nesting past its stack depth (about 20,000 levels at the default 2 MB): capped at 1,000 at the door.
  { name: 'objects nested 10,000 deep, signed', request: () => signedBody(deep(10_000, '{"a":', '}'), { 'x-github-event': 'issues' }), expect: { status: 400, error: 'bad_request', message: /nested deeper than 1000 levels/ } },
  { name: 'objects nested 100,000 deep, signed', request: () => signedBody(deep(100_000, '{"a":', '}'), { 'x-github-event': 'issues' }), expect: { status: 400, error: 'bad_request', message: /nested deeper than 1000 levels/ } },
  { name: 'arrays nested 1,000 deep inside an object (1,001 levels), signed', request: () => signedBody(`{"a":${deep(1_000, '[', ']')}}`, { 'x-github-event': 'issues' }), expect: { status: 400, error: 'bad_request', message: /nested deeper than 1000 levels/ } },
  { name: 'objects nested 1,000 deep, signed (accepted)', request: () => signedBody(deep(1_000, '{"a":', '}'), { 'x-github-event': 'issues' }), expect: { status: 202 }, stores: 1 },
  // Signed and well-formed: stored for the worker, which must cope with it too (its own suite).
  { name: 'a lone surrogate escape, signed (accepted)', request: () => signedBody('{"zen":"\\ud800","repository":{"id":1,"full_name":"o/r"}}', { 'x-github-event': 'issues' }), expect: { status: 202 }, stores: 1 },
  { name: 'an action of 1,000 characters, signed (accepted)', request: () => signedBody(JSON.stringify({ action: 'a'.repeat(1000), zen: 'long' }), { 'x-github-event': 'issues' }), expect: { status: 202 }, stores: 1 },
  { name: 'invalid UTF-8, signed over its bytes', request: () => signedBody(Buffer.from([0x7b, 0x22, 0x7a, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d])), expect: { status: 400, error: 'bad_request', message: /not valid UTF-8/ } },
  // UTF-16 of ASCII text is valid UTF-8 (with NULs), so it verifies and then fails to parse.
  { name: 'UTF-16 body, signed over its bytes', request: () => signedBody(Buffer.from('{"zen":"utf16"}', 'utf16le'), { 'content-type': 'application/json; charset=utf-16' }), expect: { status: 400, error: 'bad_request', message: /not valid JSON/ } },
  { name: 'form body without a payload field', request: () => signedBody('zen=Keep+it+logically+awesome', { 'content-type': 'application/x-www-form-urlencoded' }), expect: { status: 400, error: 'bad_request', message: /no "payload" field/ } },
  { name: 'form payload that is not JSON', request: () => signedBody('payload=%7Bnot-json', { 'content-type': 'application/x-www-form-urlencoded' }), expect: { status: 400, error: 'bad_request', message: /not valid JSON/ } },
  { name: 'form payload that is a JSON array', request: () => signedBody('payload=%5B1%5D', { 'content-type': 'application/x-www-form-urlencoded' }), expect: { status: 400, error: 'bad_request', message: /not a JSON object/ } },

  // GitHub signs the body, not X-GitHub-Event: a signed body sent under another event name must not act as that event.
  { name: 'a create body sent as delete', request: () => signedBody(JSON.stringify(example('create')), { 'x-github-event': 'delete' }), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event "delete" does not fit the payload: .*"master_branch"/ } },
  { name: 'a delete body sent as create', request: () => signedBody(JSON.stringify(example('delete')), { 'x-github-event': 'create' }), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event "create" does not fit the payload: .*"master_branch"/ } },
  { name: 'a create body sent as push', request: () => signedBody(JSON.stringify(example('create')), { 'x-github-event': 'push' }), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event "push" does not fit the payload/ } },
  { name: 'a push body sent as delete', request: () => signedBody(JSON.stringify(example('push')), { 'x-github-event': 'delete' }), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event "delete" does not fit the payload/ } },
  { name: 'a pull_request body sent as release', request: () => signedBody(JSON.stringify(example('pull_request')), { 'x-github-event': 'release' }), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event "release" does not fit the payload/ } },
  { name: 'a check_run body sent as check_suite', request: () => signedBody(JSON.stringify(example('check_run')), { 'x-github-event': 'check_suite' }), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event "check_suite" does not fit the payload/ } },
  { name: 'a deployment_status body sent as check_run', request: () => signedBody(JSON.stringify(example('deployment_status')), { 'x-github-event': 'check_run' }), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event "check_run" does not fit the payload/ } },
  { name: 'an issues body sent as installation', request: () => signedBody(JSON.stringify(example('issues')), { 'x-github-event': 'installation' }), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event "installation" does not fit the payload/ } },
  { name: 'a push body sent as pull_request', request: () => signedBody(JSON.stringify(example('push')), { 'x-github-event': 'pull_request' }), expect: { status: 400, error: 'bad_request', message: /X-GitHub-Event "pull_request" does not fit the payload/ } },
  { name: 'a delete body sent as delete (accepted)', request: () => signedBody(JSON.stringify(example('delete')), { 'x-github-event': 'delete' }), expect: { status: 202 }, stores: 1 },

  // Content types and encodings
  { name: 'text/plain', request: async () => raw(await valid({ 'content-type': 'text/plain' })), expect: { status: 415, error: 'unsupported_media_type', message: /"text\/plain" is not accepted/ } },
  { name: 'multipart/form-data', request: async () => raw(await valid({ 'content-type': 'multipart/form-data; boundary=x' })), expect: { status: 415, error: 'unsupported_media_type', message: /multipart\/form-data/ } },
  { name: 'application/xml', request: async () => raw(await valid({ 'content-type': 'application/xml' })), expect: { status: 415, error: 'unsupported_media_type' } },
  { name: 'no content type', request: async () => raw(await valid({ 'content-type': null })), expect: { status: 415, error: 'unsupported_media_type', message: /without a content type/ } },
  { name: 'content type of 2 KB', request: async () => raw(await valid({ 'content-type': `text/${'x'.repeat(2048)}` })), expect: { status: 415, error: 'unsupported_media_type' } },
  // Fastify does not decode Content-Encoding: the compressed bytes are not what was signed.
  { name: 'gzip body, signed before compression', request: async () => { const sent = await valid({ 'content-encoding': 'gzip' }); return raw({ ...sent, body: gzipSync(sent.body) }) }, expect: { status: 415, error: 'unsupported_encoding', message: /Content-Encoding "gzip"/ } },
  { name: 'gzip body, signed after compression', request: async () => { const sent = await valid(); return signedBody(gzipSync(sent.body), { 'content-encoding': 'gzip' }) }, expect: { status: 415, error: 'unsupported_encoding' } },
  { name: 'gzip body without a Content-Encoding, signed after compression', request: async () => { const sent = await valid(); return signedBody(gzipSync(sent.body)) }, expect: { status: 400, error: 'bad_request', message: /not valid UTF-8/ } },

  // Sizes
  { name: 'body of 25 MB + 1 byte', request: async () => raw({ ...(await valid({ 'x-hub-signature-256': await sign(HOOK_SECRET, 'x') })), body: Buffer.alloc(25 * MB + 1, 0x20) }), expect: { status: 413, error: 'payload_too_large', message: /larger than 25 MB/ } },
  { name: 'chunked body over 25 MB', request: async () => { const sent = await valid(); const chunk = Buffer.alloc(MB, 0x20); const size = `${chunk.length.toString(16)}\r\n`; return { headers: [...Object.entries(sent.headers), ['transfer-encoding', 'chunked']], body: Buffer.concat([...Array.from({ length: 26 }, () => Buffer.concat([Buffer.from(size), chunk, Buffer.from('\r\n')])), Buffer.from('0\r\n\r\n')]) } }, expect: { status: 413, error: 'payload_too_large' } },
  { name: 'Content-Length of 10 GB announced', request: async () => { const sent = await valid(); return { headers: [...Object.entries(sent.headers), ['content-length', String(10 * 1024 * MB)]], body: sent.body } }, expect: { status: 413, error: 'payload_too_large' } },
  { name: 'a signed body of exactly 25 MB (accepted)', request: async () => { const body = `{"zen":"${'x'.repeat(25 * MB - 10)}"}`; return signedBody(body, { 'x-github-event': 'issues' }) }, expect: { status: 202 }, stores: 1 },

  // Refused from the headers alone: answered while the client is still sending, no byte of the body read.
  { name: 'no X-Hub-Signature-256, answered before the body ends', request: async () => unfinished(await valid({ 'x-hub-signature-256': null })), expect: { status: 401, error: 'missing_signature' } },
  { name: 'malformed signature, answered before the body ends', request: async () => unfinished(await valid({ 'x-hub-signature-256': 'sha256=not-hex' })), expect: { status: 401, error: 'malformed_signature' } },
  { name: 'unknown hook id, answered before the body ends', request: async () => unfinished(await valid({ 'x-github-hook-id': '999999' })), expect: { status: 401, error: 'unauthorized' } },
  { name: 'no hook id and no WEBHOOK_SECRET, answered before the body ends', request: async () => unfinished(await valid({ 'x-github-hook-id': null })), expect: { status: 401, error: 'unauthorized' } },
  { name: 'hook id that is not a number, answered before the body ends', request: async () => unfinished(await valid({ 'x-github-hook-id': 'abc' })), expect: { status: 400, error: 'bad_request' } },
  { name: 'a Content-Encoding, answered before the body ends', request: async () => unfinished(await valid({ 'content-encoding': 'gzip' })), expect: { status: 415, error: 'unsupported_encoding' } },
  { name: 'chunked body without a signature, answered before the body ends', request: async () => unfinished(await valid({ 'x-hub-signature-256': null }), [['transfer-encoding', 'chunked']], LARGE_CHUNK), expect: { status: 401, error: 'missing_signature' } },
  { name: 'Content-Length over 25 MB without a signature, answered before the body ends', request: async () => unfinished(await valid({ 'x-hub-signature-256': null }), [['content-length', String(26 * MB)]]), expect: { status: 413, error: 'payload_too_large' } },

  // Methods and routes
  ...['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((method): Case => ({
    name: `${method} /api/webhook`,
    request: async () => raw(await valid(), { method }),
    expect: { status: 404, error: 'not_found', message: new RegExp(`no route for ${method} /api/webhook`) },
  })),
  { name: 'HEAD /api/webhook', request: async () => ({ method: 'HEAD', headers: [] }), expect: { status: 404 } },
  { name: 'POST /api/webhooks (not a route)', request: async () => raw(await valid(), { path: '/api/webhooks' }), expect: { status: 404, error: 'not_found' } },
  { name: 'POST /api/webhook/../webhook', request: async () => raw(await valid(), { path: '/api/webhook/../webhook' }), expect: { status: 404, error: 'not_found' } },
  { name: 'request target of 20 KB', request: async () => raw(await valid(), { path: `/api/webhook?${'x'.repeat(20 * 1024)}` }), expect: { status: 431 } },
]

t.comment(`${cases.length} hostile inputs tried`)

for (const row of cases) {
  t.test(row.name, async (t) => {
    const before = await stored()
    const res = await sendRaw(port, await row.request())
    t.equal(res.status, row.expect.status, `answered ${row.expect.status}`)
    t.notMatch(res.body, /\bat .*\.[jt]s:\d+/, 'no stack trace')
    if (row.expect.error) {
      const body = JSON.parse(res.body) as Record<string, unknown>
      t.same(Object.keys(body).sort(), ['error', 'message'], 'a JSON {error, message}')
      t.equal(body.error, row.expect.error, row.expect.error)
      if (row.expect.message) t.match(body.message, row.expect.message, 'says what is wrong')
    }
    t.equal(await stored() - before, row.stores ?? 0, row.stores ? 'stored once' : 'nothing stored')
  })
}
