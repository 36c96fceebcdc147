import { connect } from 'node:net'

export interface RawRequest {
  method?: string
  path?: string
  /** In order, repeats allowed, values sent byte for byte (UTF-8): what no HTTP client would send. */
  headers: Array<[string, string]>
  body?: string | Buffer
}

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

function decodeChunked(data: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const eol = data.indexOf('\r\n', at)
    if (eol < 0) break
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1'), 16)
    if (!size) break
    parts.push(data.subarray(eol + 2, eol + 2 + size))
    at = eol + 2 + size + 2
  }
  return Buffer.concat(parts)
}

/**
 * One request over a fresh TCP connection, written by hand: duplicated headers, control
 * characters, oversized headers and conflicting framing reach Node's HTTP parser as sent.
 * Adds Host, Connection: close and (unless framing headers are given) Content-Length.
 */
export function sendRaw(port: number, request: RawRequest): Promise<RawResponse> {
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body ?? '')
  const framed = request.headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name))
  const lines = [
    `${request.method ?? 'POST'} ${request.path ?? '/api/webhook'} HTTP/1.1`,
    'host: 127.0.0.1',
    'connection: close',
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    ...(framed ? [] : [`content-length: ${body.length}`]),
  ]
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = connect(port, '127.0.0.1')
    // The server may answer (413, 431) and close before the whole body is written.
    socket.on('error', (error) => {
      if (chunks.length === 0) reject(error)
    })
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('close', () => {
      const data = Buffer.concat(chunks)
      const end = data.indexOf('\r\n\r\n')
      if (end < 0) return reject(new Error(`no HTTP response: ${JSON.stringify(data.toString('latin1').slice(0, 200))}`))
      const [statusLine = '', ...headerLines] = data.subarray(0, end).toString('latin1').split('\r\n')
      const headers = Object.fromEntries(headerLines.map((line) => {
        const colon = line.indexOf(':')
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]
      }))
      const rest = data.subarray(end + 4)
      const payload = headers['transfer-encoding'] === 'chunked' ? decodeChunked(rest) : rest
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: payload.toString('utf8') })
    })
    // No half-close: Node's HTTP server drops a request whose client ends its side first.
    socket.write(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), body]))
  })
}
