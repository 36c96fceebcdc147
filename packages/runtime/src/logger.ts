import type { FastifyServerOptions } from 'fastify'

/**
 * Header and field paths that may carry a credential. pino replaces them with "[redacted]"
 * before a line is written, so no token or secret reaches the logs by accident.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["webhook-signature"]',
  'res.headers["set-cookie"]',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.password',
  '*.clientSecret',
]

/** JSON logs, one line per event, with secrets redacted and the service named. */
export function loggerOptions(service: string, level: string): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  }
}
