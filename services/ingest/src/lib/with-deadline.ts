/**
 * Resolves as work does, or rejects with onTimeout() once ms have passed. When the timer fires
 * the rejection waits for the next check phase of the event loop, so a reply that already
 * arrived (but sat behind other work in a busy loop) still wins.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => setImmediate(() => reject(onTimeout())), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}
