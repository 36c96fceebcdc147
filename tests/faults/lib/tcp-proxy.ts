import { connect, createServer, type Server, type Socket } from 'node:net'
import { closedPort, type TestLike } from '@gwm/testkit'

export interface TcpProxy {
  port: number
  /** Rewrites a URL so it goes through the proxy. */
  wrap(url: string): string
  /** Cuts every open connection and refuses new ones: the server is "down". */
  pause(): Promise<void>
  /** Listens again on the same port. */
  resume(): Promise<void>
  paused(): boolean
}

/** A TCP proxy on a fixed spare loopback port in front of a real server (Postgres). */
export async function tcpProxy(t: TestLike, target: { host: string; port: number }): Promise<TcpProxy> {
  const port = await closedPort()
  const sockets = new Set<Socket>()
  let server: Server | undefined

  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = connect(target.port, target.host)
        track(client)
        track(upstream)
        const cut = () => {
          client.destroy()
          upstream.destroy()
        }
        client.on('error', cut)
        upstream.on('error', cut)
        client.on('close', cut)
        upstream.on('close', cut)
        client.pipe(upstream).pipe(client)
      })
      next.once('error', reject)
      next.listen(port, '127.0.0.1', () => {
        server = next
        resolve()
      })
    })

  const proxy: TcpProxy = {
    port,
    wrap(url) {
      const parsed = new URL(url)
      parsed.hostname = '127.0.0.1'
      parsed.port = String(port)
      return parsed.toString()
    },
    async pause() {
      const closing = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve()
      server = undefined
      for (const socket of sockets) socket.destroy()
      await closing
    },
    resume: () => (server ? Promise.resolve() : listen()),
    paused: () => server === undefined,
  }
  await listen()
  t.teardown(() => proxy.pause())
  return proxy
}
