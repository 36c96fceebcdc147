import { type Attributes, context, propagation, ROOT_CONTEXT, type Span, SpanStatusCode, trace } from '@opentelemetry/api'
import { tracingOn } from './state.ts'

/** What carries a delivery's trace across Redis and Postgres: the W3C traceparent header's value. */
export type Traceparent = string

/** The attribute every span of a delivery has: GitHub's X-GitHub-Delivery. */
export const DELIVERY_ID_ATTRIBUTE = 'gwm.delivery.id'

const tracer = () => trace.getTracer('gwm')

/** The current span's traceparent, to carry with a job or an inbox entry; undefined when tracing is off. */
export function currentTraceparent(): Traceparent | undefined {
  if (!tracingOn()) return undefined
  const carrier: Record<string, string> = {}
  propagation.inject(context.active(), carrier)
  return carrier.traceparent
}

/** Sets attributes on the current span (the request's, in a route); nothing when tracing is off. */
export function annotateCurrentSpan(attributes: Attributes): void {
  if (tracingOn()) trace.getActiveSpan()?.setAttributes(attributes)
}

/** The trace id a traceparent names (version-traceid-spanid-flags), or null. */
export function traceIdOf(traceparent: string | null | undefined): string | null {
  const traceId = traceparent?.split('-')[1]
  return traceId && /^[0-9a-f]{32}$/.test(traceId) && !/^0+$/.test(traceId) ? traceId : null
}

/**
 * Starts a span that continues a carried trace (a new trace when nothing was carried).
 * Undefined when tracing is off: callers pass it to inSpan and endSpan, which then do nothing.
 */
export function startSpan(name: string, traceparent: string | null | undefined, attributes: Attributes, startTime?: number): Span | undefined {
  if (!tracingOn()) return undefined
  const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT
  return tracer().startSpan(name, { attributes, ...(startTime === undefined ? {} : { startTime }) }, parent)
}

/** Runs fn with span as the current span: what it calls (HTTP, Redis, Postgres) joins its trace. */
export function inSpan<T>(span: Span | undefined, fn: () => T): T {
  return span ? context.with(trace.setSpan(context.active(), span), fn) : fn()
}

/**
 * Ends a span, marked failed when an error is given. The status names the error's class only: a
 * message may quote what it failed on (a Postgres error quotes the payload text it refused).
 */
export function endSpan(span: Span | undefined, error?: unknown): void {
  if (!span) return
  if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' })
  span.end()
}
