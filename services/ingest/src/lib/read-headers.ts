import type { IncomingHttpHeaders } from 'node:http'
import { HttpError } from '@gwm/runtime'

const SIGNATURE = /^sha256=[0-9a-f]{64}$/i
const HOOK_ID = /^[0-9]{1,20}$/
const EVENT = /^[a-z0-9_.-]{1,64}$/i
export const DELIVERY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

const unauthorized = (code: string, message: string) => new HttpError(401, code, message)
const badRequest = (message: string) => new HttpError(400, 'bad_request', message)

/** GitHub sends bodies uncompressed; a compressed one cannot be verified or read as sent. */
export function refuseContentEncoding(headers: IncomingHttpHeaders): void {
  const encoding = header(headers, 'content-encoding')?.trim().toLowerCase()
  if (encoding === undefined || encoding === 'identity') return
  throw new HttpError(415, 'unsupported_encoding', `Content-Encoding "${encoding.slice(0, 50)}" is not accepted: GitHub sends webhook bodies uncompressed`)
}

/** X-Hub-Signature-256, lower-cased; the sha1 X-Hub-Signature alone is not accepted. */
export function readSignature(headers: IncomingHttpHeaders): string {
  const signature = header(headers, 'x-hub-signature-256')
  if (signature === undefined) {
    if (header(headers, 'x-hub-signature') !== undefined) {
      throw unauthorized('sha1_only', 'X-Hub-Signature-256 is missing: sha1 signatures (X-Hub-Signature) alone are not accepted')
    }
    throw unauthorized('missing_signature', 'X-Hub-Signature-256 is missing: set a secret on the webhook so GitHub signs its deliveries')
  }
  if (!SIGNATURE.test(signature)) {
    throw unauthorized('malformed_signature', 'X-Hub-Signature-256 is malformed: expected "sha256=" and 64 hex digits')
  }
  return signature.toLowerCase()
}

/** X-GitHub-Hook-ID, when GitHub sent one: it selects the hook's own secret. */
export function readHookId(headers: IncomingHttpHeaders): string | undefined {
  const hookId = header(headers, 'x-github-hook-id')
  if (hookId !== undefined && !HOOK_ID.test(hookId)) throw badRequest('X-GitHub-Hook-ID is malformed: expected the numeric id of the hook')
  return hookId
}

/** The hook's target type and id (a repository, or `integration` with the App id for an App's webhook). */
export function readHookTarget(headers: IncomingHttpHeaders): { type: string | undefined; id: string | undefined } {
  return { type: header(headers, 'x-github-hook-installation-target-type'), id: header(headers, 'x-github-hook-installation-target-id') }
}

export interface EventHeaders {
  event: string
  deliveryId: string
  targetType?: string
  targetId?: string
}

/** What GitHub says about the delivery itself: event name, delivery GUID, the hook's target. */
export function readEventHeaders(headers: IncomingHttpHeaders): EventHeaders {
  const event = header(headers, 'x-github-event')
  const deliveryId = header(headers, 'x-github-delivery')
  if (event === undefined) throw badRequest('X-GitHub-Event is missing: it names the event (push, pull_request, ...)')
  if (deliveryId === undefined) throw badRequest('X-GitHub-Delivery is missing: it carries the delivery GUID')
  if (!EVENT.test(event)) throw badRequest('X-GitHub-Event is malformed: expected an event name such as push or pull_request')
  if (!DELIVERY_ID.test(deliveryId)) throw badRequest("X-GitHub-Delivery is malformed: expected GitHub's delivery GUID")
  const targetType = header(headers, 'x-github-hook-installation-target-type')
  const targetId = header(headers, 'x-github-hook-installation-target-id')
  return {
    event,
    deliveryId,
    ...(targetType !== undefined ? { targetType: targetType.slice(0, 64) } : {}),
    ...(targetId !== undefined ? { targetId: targetId.slice(0, 64) } : {}),
  }
}
