export { annotateCurrentSpan, currentTraceparent, DELIVERY_ID_ATTRIBUTE, endSpan, inSpan, startSpan, type Traceparent, traceIdOf } from './spans.ts'
export { stopTracing, tracingOn } from './state.ts'
