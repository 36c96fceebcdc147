import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import type { TestLike } from './teardown.ts'

/** One span as an OTLP exporter sent it, with its attributes flattened to plain values. */
export interface ReceivedSpan {
  service: string
  traceId: string
  spanId: string
  parentSpanId: string | undefined
  name: string
  attributes: Record<string, unknown>
}

export interface OtlpReceiver {
  /** What OTEL_EXPORTER_OTLP_ENDPOINT is set to (the exporter adds /v1/traces). */
  url: string
  /** Spans decoded so far (OTLP/HTTP JSON exports; protobuf ones are only counted). */
  spans: ReceivedSpan[]
  /** Export requests received, whatever their encoding. */
  exports: number
  waitFor(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

interface AnyValue {
  stringValue?: string
  boolValue?: boolean
  intValue?: string | number
  doubleValue?: number
  arrayValue?: { values?: AnyValue[] }
  kvlistValue?: { values?: KeyValue[] }
  bytesValue?: string
}
interface KeyValue {
  key: string
  value?: AnyValue
}
interface ExportRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValue[] }
    scopeSpans?: Array<{ spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: KeyValue[] }> }>
  }>
}

function plain(value: AnyValue | undefined): unknown {
  if (!value) return undefined
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain)
  if (value.kvlistValue) return flatten(value.kvlistValue.values)
  return value.stringValue ?? value.boolValue ?? value.intValue ?? value.doubleValue ?? value.bytesValue
}

const flatten = (attributes: KeyValue[] = []) => Object.fromEntries(attributes.map(({ key, value }) => [key, plain(value)]))

function decode(request: ExportRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap(({ resource, scopeSpans }) => {
    const service = String(flatten(resource?.attributes)['service.name'] ?? '')
    return (scopeSpans ?? []).flatMap(({ spans }) =>
      (spans ?? []).map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        name: span.name,
        attributes: flatten(span.attributes),
      })),
    )
  })
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const body = Buffer.concat(chunks)
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body
}

/**
 * A trace collector for tests and benchmarks: a real HTTP server taking OTLP/HTTP exports
 * (POST /v1/traces). JSON exports (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) are decoded into
 * spans; protobuf ones are accepted and counted, as a collector that drops them would. Any GET
 * answers 200 with {exports, spans}.
 */
export async function createOtlpReceiver(options: { port?: number; host?: string; t?: TestLike } = {}): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = []
  const waiters = new Set<() => void>()
  let exports = 0
  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    if (req.method === 'GET') {
      // Readiness and a summary, for a receiver running as a process of its own.
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ exports, spans: spans.length }))
      return
    }
    if (req.method !== 'POST' || req.url !== '/v1/traces') {
      res.writeHead(404).end()
      return
    }
    exports++
    const json = (req.headers['content-type'] ?? '').includes('json')
    if (json) spans.push(...decode(JSON.parse(body.toString('utf8')) as ExportRequest))
    res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' }).end(json ? '{}' : '')
    for (const wake of waiters) wake()
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const receiver: OtlpReceiver = {
    url: `http://127.0.0.1:${port}`,
    spans,
    get exports() {
      return exports
    },
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate(spans)) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`OTLP receiver: not seen within ${timeoutMs} ms (${spans.length} spans received: ${[...new Set(spans.map((span) => span.name))].join(', ')})`))
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Exporters keep their connection alive: close() alone would wait for them.
        server.closeAllConnections()
      }),
  }
  options.t?.teardown(() => receiver.close())
  return receiver
}
