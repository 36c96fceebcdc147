import { connect } from 'node:net'

export interface RawRequest {
  method?: string
  path?: string
  /** In order, repeats allowed, values sent byte for byte (UTF-8): what no HTTP client would send. */
  headers: Array<[string, string]>
  body?: string | Buffer
  /**
   * Send the body but its last byte and keep the connection open: the answer must come while
   * the client is still sending (a request refused from its headers alone).
   */
  unfinished?: boolean
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

/** The response in `data`, or undefined while it is not complete (`closed`: nothing more will come). */
function parseResponse(data: Buffer, closed: boolean): RawResponse | undefined {
  const end = data.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const [statusLine = '', ...headerLines] = data.subarray(0, end).toString('latin1').split('\r\n')
  const headers = Object.fromEntries(headerLines.map((line) => {
    const colon = line.indexOf(':')
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]
  }))
  const rest = data.subarray(end + 4)
  const chunked = headers['transfer-encoding'] === 'chunked'
  const complete = closed || (chunked ? rest.subarray(-5).toString('latin1') === '0\r\n\r\n' : rest.length >= Number(headers['content-length'] ?? Number.NaN))
  if (!complete) return undefined
  const payload = chunked ? decodeChunked(rest) : rest
  return { status: Number(statusLine.split(' ')[1]), headers, body: payload.toString('utf8') }
}

/**
 * One request over a fresh TCP connection, written by hand: duplicated headers, control
 * characters, oversized headers and conflicting framing reach Node's HTTP parser as sent.
 * Adds Host, Connection: close and (unless framing headers are given) Content-Length.
 */
export function sendRaw(port: number, request: RawRequest, { answerWithinMs = 5_000 } = {}): Promise<RawResponse> {
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
    const settle = (closed: boolean) => {
      const response = parseResponse(Buffer.concat(chunks), closed)
      if (response || closed) clearTimeout(timer)
      if (response) {
        socket.destroy()
        resolve(response)
      } else if (closed) {
        reject(new Error(`no HTTP response: ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 200))}`))
      }
    }
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${answerWithinMs} ms${request.unfinished ? ' while the body was still being sent' : ''}`))
    }, request.unfinished ? answerWithinMs : 120_000)
    // The server may answer (413, 431) and close before the whole body is written.
    socket.on('error', (error) => {
      if (chunks.length === 0) reject(error)
    })
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      if (request.unfinished) settle(false)
    })
    socket.on('close', () => settle(true))
    // No half-close: Node's HTTP server drops a request whose client ends its side first.
    const sent = request.unfinished ? body.subarray(0, -1) : body
    socket.write(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), sent]))
  })
}
