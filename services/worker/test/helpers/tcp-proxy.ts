import { createServer, type Server, type Socket, connect } from 'node:net'
import type { Test } from 'tap'

/**
 * A TCP proxy in front of a real server that a test can stop (every connection cut, new ones
 * refused) and start again on the same port: "Postgres goes away, then comes back".
 */
export async function tcpProxy(t: Test, target: { host: string; port: number }) {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = 0

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host)
        for (const socket of [client, upstream]) {
          sockets.add(socket)
          socket.on('close', () => sockets.delete(socket))
          socket.on('error', () => {
            client.destroy()
            upstream.destroy()
          })
        }
        client.pipe(upstream).pipe(client)
      })
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port
        resolve()
      })
    })

  const proxy = {
    get port() {
      return port
    },
    start: listen,
    async stop() {
      const closing = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
      for (const socket of sockets) socket.destroy()
      await closing
      server = undefined
    },
  }
  await listen()
  t.teardown(() => proxy.stop())
  return proxy
}
