// The trace collector of bench/e2e.ts --tracing, in a process of its own: takes the services'
// OTLP/HTTP exports (POST /v1/traces, protobuf by default: accepted and counted, not decoded)
// and answers GET with how many came.
import { createOtlpReceiver } from '../../packages/testkit/src/otlp-receiver.ts'

const receiver = await createOtlpReceiver({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
process.on('SIGTERM', () => receiver.close().then(() => process.exit(0)))
