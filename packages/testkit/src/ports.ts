import { createServer } from 'node:net'

// Below Linux's ephemeral range (32768 and up by default): a port handed out there can be taken
// meanwhile as the local end of any outgoing connection, and a service told to listen on it then
// fails to start while whatever holds it answers in its place.
const LOW = 20_000
const HIGH = 32_000

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })

/** A port nothing listens on right now, outside the range outgoing connections take theirs from. */
export async function closedPort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW))
    if (await bindable(port)) return port
  }
  throw new Error(`no free port between ${LOW} and ${HIGH}`)
}
