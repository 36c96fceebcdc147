// A minimal HTTP/1.1 client for the benchmark's sender: prebuilt request bytes written to
// kept-alive connections, one request in flight per connection, answers read by status line and
// Content-Length. node:http's client spends several times the CPU per request, and the sender
// shares the 2-core machine with what it measures. It only speaks to our own servers (Fastify
// answers every request with a Content-Length), which is all it has to understand.
import { connect, type Socket } from 'node:net'
import { CONNECTION_FAILED, NO_ANSWER } from './sender-spec.ts'

export interface Answer {
  /** HTTP status, or NO_ANSWER (none in time), CONNECTION_FAILED. */
  status: number
  answeredAt: number
  /** The answer asked to be sent again later (a Retry-After header). */
  retryAfter: boolean
}

const HEADERS_END = Buffer.from('\r\n\r\n')
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i
const RETRY_AFTER = /\r\nretry-after:/i

export function createRawClient(target: URL, { timeoutMs, now }: { timeoutMs: number; now: () => number }) {
  const idle: Socket[] = []
  const port = Number(target.port || 80)

  function open(): Socket {
    const socket = connect({ host: target.hostname, port, noDelay: true })
    socket.setKeepAlive(true)
    // Closed or failed while idle: no longer offered (a request that meets it is sent again).
    socket.on('error', () => {}).on('close', () => {
      const at = idle.indexOf(socket)
      if (at >= 0) idle.splice(at, 1)
    })
    return socket
  }

  /** Sends one request; its parts are written as they are (head, then body). */
  function send(request: Buffer[]): Promise<Answer> {
    return new Promise((resolve) => {
      const run = (attempt: number) => {
        const reused = idle.length > 0
        const socket = idle.pop() ?? open()
        let buffered: Buffer = Buffer.alloc(0)
        let settled = false
        const timer = setTimeout(() => done(NO_ANSWER, true), timeoutMs)
        const onData = (chunk: Buffer) => {
          buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk
          const end = buffered.indexOf(HEADERS_END)
          if (end < 0) return
          const head = buffered.subarray(0, end).toString('latin1')
          const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0)
          if (buffered.length < end + 4 + length) return
          done(Number(head.slice(9, 12)), false, RETRY_AFTER.test(head))
        }
        const onFail = () => {
          // A kept-alive connection the server closed just as it was reused: the request never got there.
          if (!settled && reused && attempt < 3) {
            cleanup(true)
            run(attempt + 1)
            return
          }
          done(CONNECTION_FAILED, true)
        }
        const cleanup = (destroy: boolean) => {
          settled = true
          clearTimeout(timer)
          socket.off('data', onData).off('error', onFail).off('close', onFail)
          if (destroy) socket.destroy()
        }
        const done = (status: number, destroy: boolean, retryAfter = false) => {
          if (settled) return
          const answeredAt = now()
          cleanup(destroy)
          if (!destroy) idle.push(socket)
          resolve({ status, answeredAt, retryAfter })
        }
        socket.on('data', onData).on('error', onFail).on('close', onFail)
        socket.cork()
        for (const part of request) socket.write(part)
        socket.uncork()
      }
      run(1)
    })
  }

  return {
    send,
    close: () => {
      for (const socket of idle.splice(0)) socket.destroy()
    },
  }
}

