import { connect, createServer, type Socket } from 'node:net'
import type { TestLike } from '@gwm/testkit'

export interface TcpProxy {
  port: number
  /** Hold every byte sent towards the target: the target looks alive but slow. */
  stall(): void
  /** Deliver what was held and forward again. */
  resume(): void
  /** The bytes held while stalled, so far. */
  held(): Buffer
}

/** A TCP proxy in front of a real server (Redis), which a test can make stall. */
export async function startTcpProxy(t: TestLike, target: { host: string; port: number }): Promise<TcpProxy> {
  let stalled = false
  const links: Array<{ upstream: Socket; held: Buffer[] }> = []
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host)
    const link = { upstream, held: [] as Buffer[] }
    links.push(link)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => {
        sockets.delete(socket)
        client.destroy()
        upstream.destroy()
      })
    }
    client.on('data', (chunk: Buffer) => (stalled ? link.held.push(chunk) : upstream.write(chunk)))
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy has no port')
  return {
    port: address.port,
    stall: () => {
      stalled = true
    },
    held: () => Buffer.concat(links.flatMap((link) => link.held)),
    resume: () => {
      stalled = false
      for (const link of links) {
        for (const chunk of link.held.splice(0)) link.upstream.write(chunk)
      }
    },
  }
}
