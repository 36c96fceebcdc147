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

/**
 * Postgres parses jsonb recursively and refuses nesting past its stack limit (about 20,000 levels
 * at the default max_stack_depth of 2 MB, fewer with a smaller stack): the worker would retry such
 * a delivery forever. GitHub's payloads nest a dozen levels; 1,000 leaves room and stays far below.
 */
const MAX_DEPTH = 1_000

/** Whether a parsed JSON value nests objects and arrays more than `levels` deep; never recurses past that. */
function nestsDeeperThan(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== 'object') return false
  if (levels === 0) return true
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    if (nestsDeeperThan(child, levels - 1)) return true
  }
  return false
}

/** What the ingest reads of a payload: the object itself, its action, and the fields the worker needs (its view). */
export interface PayloadRead {
  payload: Record<string, unknown>
  action: string | undefined
  view: PayloadView
}

/** Checks the payload is a JSON object Postgres can store; returns it, its action, if it has one, and its view. */
export function readPayload(payload: string): PayloadRead {
  let parsed: unknown
  try {
    parsed = JSON.parse(payload)
  } catch (error) {
    throw badRequest(`the payload is not valid JSON: ${(error as Error).message}`)
  }
  if (!isJsonObject(parsed)) throw badRequest('the payload is not a JSON object: GitHub sends an object for every event')
  if (nestsDeeperThan(parsed, MAX_DEPTH)) throw badRequest(`the payload is nested deeper than ${MAX_DEPTH} levels: it could not be stored (GitHub's payloads nest a dozen)`)
  return { payload: parsed, action: typeof parsed.action === 'string' ? parsed.action : undefined, view: payloadView(parsed) }
}
