import { HttpError } from '@gwm/runtime'
import type { FastifyError, FastifyRequest } from 'fastify'

export const MAX_BODY_BYTES = 25 * 1024 * 1024

/** Fastify's own body errors, reworded to say what to fix; everything else unchanged. */
export function explainError(error: FastifyError | HttpError, req: FastifyRequest): FastifyError | HttpError {
  if (error instanceof HttpError) return error
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new HttpError(413, 'payload_too_large', 'the body is larger than 25 MB, more than GitHub ever sends')
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().slice(0, 100)
    return new HttpError(415, 'unsupported_media_type', `${type ? `content type "${type}"` : 'a body without a content type'} is not accepted: set the webhook's content type to application/json (or application/x-www-form-urlencoded)`)
  }
  return error
}
