import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Our JSON error body: a stable machine code and a sentence that says what to fix. */
export interface ErrorBody {
  error: string
  message: string
}

export class HttpError extends Error {
  readonly statusCode: number
  readonly code: string
  readonly headers: Record<string, string>
  /** Fields the body carries beside error and message (the route's response schema must name them). */
  readonly details: Record<string, unknown>
  constructor(statusCode: number, code: string, message: string, headers: Record<string, string> = {}, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'HttpError'
    this.statusCode = statusCode
    this.code = code
    this.headers = headers
    this.details = details
  }
}

const CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'unprocessable_entity',
  429: 'rate_limited', 502: 'bad_gateway', 503: 'unavailable', 504: 'gateway_timeout',
}

/** Postgres cancelled the statement (SQLSTATE 57014): the pool's statement_timeout ran out. */
const isStatementTimeout = (error: unknown) => (error as { code?: unknown } | null)?.code === '57014'

/** Every error becomes {error, message}; 5xx are logged and never leak a stack trace. */
async function errors(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | HttpError, req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500
    if (error instanceof HttpError) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value)
      return reply.code(status).send({ ...error.details, error: error.code, message: error.message } satisfies ErrorBody)
    }
    if (isStatementTimeout(error)) {
      req.log.warn({ err: error }, 'a database statement was cancelled: it ran longer than the statement timeout')
      return reply.code(503).header('retry-after', '5').send({ error: 'statement_timeout', message: 'the database took longer than the statement timeout to answer: try again, or narrow the query (a shorter time range, one repository)' } satisfies ErrorBody)
    }
    if (status >= 500) {
      req.log.error({ err: error }, 'request failed')
      return reply.code(status).send({ error: CODES[status] ?? 'internal_error', message: 'internal error: the request could not be completed' })
    }
    const code = error.validation ? 'validation_failed' : (CODES[status] ?? 'bad_request')
    return reply.code(status).send({ error: code, message: error.message } satisfies ErrorBody)
  })
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route for ${req.method} ${req.url.split('?')[0]}` } satisfies ErrorBody))
}

export const errorsPlugin = fp(errors, { name: 'errors', fastify: '5.x' })
