import { isUtf8 } from 'node:buffer'
import { isJsonObject, type PayloadView, payloadView } from '@gwm/queue'
import { HttpError } from '@gwm/runtime'

/** The request body as the content-type parsers leave it: raw bytes, tagged by format. */
export interface RawBody {
  format: 'json' | 'form'
  bytes: Buffer
}

const badRequest = (message: string) => new HttpError(400, 'bad_request', message)

/**
 * The text GitHub signed: the body's bytes, decoded once. GitHub sends UTF-8, for which the
 * HMAC of this text is the HMAC of the bytes; bytes that are not UTF-8 are refused before.
 */
export function signedText(body: RawBody): string {
  if (body.bytes.length === 0) throw badRequest('the request body is empty: expected the event payload')
  if (!isUtf8(body.bytes)) throw badRequest('the request body is not valid UTF-8: GitHub sends UTF-8 JSON')
  return body.bytes.toString('utf8')
}

/** The payload JSON text: the body itself, or the `payload` field of a form delivery. */
export function payloadText(body: RawBody, text: string): string {
  if (body.format === 'json') return text
  const payload = new URLSearchParams(text).get('payload')
  if (payload === null) throw badRequest('the form body has no "payload" field: GitHub sends payload=<JSON>')
  return payload
}

/** What the ingest reads of a payload: its action, and the fields the worker needs (its view). */
export interface PayloadRead {
  action: string | undefined
  view: PayloadView
}

/** Checks the payload is a JSON object; returns its action, if it has one, and its view. */
export function readPayload(payload: string): PayloadRead {
  let parsed: unknown
  try {
    parsed = JSON.parse(payload)
  } catch (error) {
    throw badRequest(`the payload is not valid JSON: ${(error as Error).message}`)
  }
  if (!isJsonObject(parsed)) throw badRequest('the payload is not a JSON object: GitHub sends an object for every event')
  return { action: typeof parsed.action === 'string' ? parsed.action : undefined, view: payloadView(parsed) }
}
