import type { IncomingHttpHeaders } from 'node:http'
import { errorCodes } from 'fastify'
import { readHookId, readHookTarget, readSignature, refuseContentEncoding } from './read-headers.ts'
import { hookSecrets, isAppDelivery, type SecretSources, unknownHook } from './verify-signature.ts'

/**
 * What the route refuses from the headers alone, with the same errors and in the same order:
 * an announced body over the limit, a Content-Encoding, no or a malformed signature, a
 * malformed hook id, a hook with no secret to check the signature with. Checked before a byte
 * of the body is read, so a refused request costs no memory however large its body.
 */
export async function checkBeforeBody(headers: IncomingHttpHeaders, sources: SecretSources, maxBodyBytes: number): Promise<void> {
  // Fastify's own error, so the answer is worded where its other body errors are.
  if (Number(headers['content-length']) > maxBodyBytes) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE()
  refuseContentEncoding(headers)
  readSignature(headers)
  const hookId = readHookId(headers)
  if (isAppDelivery(readHookTarget(headers), sources) || sources.fallbackSecret) return
  if (hookId === undefined || (await hookSecrets(sources, hookId, false)).length === 0) throw unknownHook(hookId)
}
