/**
 * Whether this process exports traces, and how to flush them. Set once by startTracing (start.ts)
 * before the service loads; the span helpers read it so that, with tracing off, they cost one
 * boolean test and touch no OpenTelemetry code.
 */
let flush: (() => Promise<void>) | undefined

export const tracingOn = (): boolean => flush !== undefined

export function tracingStarted(shutdown: () => Promise<void>): void {
  flush = shutdown
}

/** Exports the spans still buffered and stops the SDK (shutdown); nothing when tracing is off. */
export async function stopTracing(): Promise<void> {
  await flush?.()
}
