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

// Test files run side by side, each picking ports: a port one found free can be bound by
// another before the service it was meant for starts. Each process picks from a slice of its own
// (by its pid), so two processes of a run rarely pick from the same ports.
const SLICES = 12
const SLICE = Math.floor((HIGH - LOW) / SLICES)
const FROM = LOW + (process.pid % SLICES) * SLICE

/** A port nothing listens on right now, outside the range outgoing connections take theirs from. */
export async function closedPort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = FROM + Math.floor(Math.random() * SLICE)
    if (await bindable(port)) return port
  }
  throw new Error(`no free port between ${FROM} and ${FROM + SLICE}`)
}
