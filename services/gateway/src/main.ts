// Tracing first (when the OTEL_* variables ask for it): its instrumentations patch http, Redis
// and Postgres before the service loads them, which it does only then, through server.ts.
import { startTracing } from '@gwm/runtime/tracing'

await startTracing('gateway')
await import('./server.ts')
