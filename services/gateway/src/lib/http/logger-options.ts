import { type LogFormat, loggerOptions } from '@gwm/runtime'
import type { FastifyServerOptions } from 'fastify'

/** Query parameters that carry one-time credentials (the OAuth code) or bind them (state). */
const SENSITIVE_QUERY = /([?&](?:code|state|access_token)=)[^&#]*/g

const redactUrl = (url: string) => url.replace(SENSITIVE_QUERY, '$1[redacted]')

interface LoggedRequest {
  method: string
  url: string
  host?: string
  ip?: string
  socket?: { remotePort?: number }
}

/** The shared logger, plus a request serializer that keeps OAuth codes out of the logs. */
export function gatewayLoggerOptions(level: string, format: LogFormat = 'json') {
  const base = loggerOptions('gateway', level, format) as Exclude<FastifyServerOptions['logger'], boolean | undefined>
  return {
    ...base,
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  }
}
