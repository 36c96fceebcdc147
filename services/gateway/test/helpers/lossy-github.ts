import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

const HOOK_WRITE = /^\/api\/v3\/repos\/[^/]+\/[^/]+\/hooks\/\d+$/

const body = async (req: IncomingMessage) => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/**
 * A pass-through to the simulator's API that can lose GitHub's answer to a hook update (the
 * update reaches GitHub and is applied, and the gateway gets a 502 instead, as when GitHub, a
 * proxy or the network fails after the write), or refuse the update with a 422 without
 * applying it. Point GITHUB_API_URL at `apiUrl`.
 */
export async function lossyGitHub(t: Test, simUrl: string) {
  const state = { loseHookWrites: false, refuseHookWrites: false, lost: 0 }
  const server = createServer(async (req, res) => {
    const payload = await body(req)
    const hookWrite = req.method === 'PATCH' && HOOK_WRITE.test(req.url!.split('?')[0]!)
    if (hookWrite && state.refuseHookWrites) {
      res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Validation Failed', errors: [{ resource: 'Hook', code: 'custom', message: 'refused for the test' }] }))
      return
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)).map(([name, value]) => [name, String(value)]))
    const upstream = await fetch(`${simUrl}${req.url}`, { method: req.method!, headers, ...(payload.length > 0 ? { body: payload } : {}) })
    const answer = Buffer.from(await upstream.arrayBuffer())
    if (hookWrite && state.loseHookWrites) {
      state.lost += 1
      res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway')
      return
    }
    const passed = Object.fromEntries([...upstream.headers].filter(([name]) => !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name)))
    res.writeHead(upstream.status, passed).end(answer)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return Object.assign(state, { apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3` })
}
