import closeWithGrace from 'close-with-grace'

export type ShutdownHandler = () => Promise<unknown> | unknown

export interface ShutdownLogger {
  info(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

/**
 * On SIGTERM/SIGINT (or an uncaught error), runs the named handlers in order, each
 * allowed to finish in-flight work, all within timeoutMs; then the process exits.
 */
export function onShutdown(logger: ShutdownLogger, handlers: Array<[string, ShutdownHandler]>, timeoutMs = 10_000) {
  closeWithGrace({ delay: timeoutMs }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error')
    else logger.info({ signal }, 'shutting down')
    for (const [name, handler] of handlers) {
      try {
        await handler()
      } catch (error) {
        logger.error({ err: error, step: name }, 'shutdown step failed')
      }
    }
  })
}
