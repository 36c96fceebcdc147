import { isUtf8 } from 'node:buffer'
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

/** Checks the payload is a JSON object and returns its action, if it has one. */
export function readAction(payload: string): string | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(payload)
  } catch (error) {
    throw badRequest(`the payload is not valid JSON: ${(error as Error).message}`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('the payload is not a JSON object: GitHub sends an object for every event')
  }
  const action = (parsed as { action?: unknown }).action
  return typeof action === 'string' ? action : undefined
}
