import type { ErrorBody } from '@gwm/runtime'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

/**
 * How long one path parameter may be before the router refuses it. Above the longest a route
 * accepts (a 100-character repository name or delivery id), so that the route's schema
 * answers 400 naming the field; the router's 414 is only for absurd lengths.
 */
export const MAX_PARAM_LENGTH = 256

/**
 * The errors Fastify's router answers before any hook or our error handler runs: a path that
 * is not valid percent-encoding (400) and a path parameter over MAX_PARAM_LENGTH (414).
 * They get the same {error, message} as every other error.
 */
export function frameworkErrors(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const path = req.url.split('?')[0]
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return reply.code(400).send({
        error: 'bad_request',
        message: `the path ${path} is not valid percent-encoding: a "%" must be followed by two hex digits, and the bytes must be UTF-8`,
      } satisfies ErrorBody)
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return reply.code(414).send({
        error: 'uri_too_long',
        message: `a segment of the path is longer than ${MAX_PARAM_LENGTH} characters: no owner, repository or delivery id is that long`,
      } satisfies ErrorBody)
    default:
      req.log.error({ err: error }, 'request failed')
      return reply.code(500).send({ error: 'internal_error', message: 'internal error: the request could not be completed' } satisfies ErrorBody)
  }
}
