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

/** json: one object per line, for collectors; pretty: coloured lines for people (npm start). */
export type LogFormat = 'json' | 'pretty'

/**
 * Logs with secrets redacted and the service named: JSON lines, or with `pretty` the same
 * records written by pino-pretty (in a worker thread) as coloured, human-readable lines.
 */
export function loggerOptions(service: string, level: string, format: LogFormat = 'json'): NonNullable<FastifyServerOptions['logger']> {
  const options = {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  }
  if (format === 'json') return options
  // Resolved here: pino would look for the target from its caller, Fastify, which cannot see it.
  // Colours follow the terminal (NO_COLOR / FORCE_COLOR are honoured); the stack's prefix names the service.
  const target = import.meta.resolve('pino-pretty')
  return { ...options, transport: { target, options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } } }
}
