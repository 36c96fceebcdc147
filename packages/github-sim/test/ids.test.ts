import { spawn } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import { clockIdBase } from '../src/store.ts'
import { api, startReceiver, startSim } from './helpers.ts'

const HOOKS = '/repos/octocat/hello-world/hooks'
const main = join(import.meta.dirname, '..', 'src', 'main.ts')

t.test('two simulators started one after the other hand out different hook and delivery ids', async (t) => {
  const receiver = await startReceiver(t)
  const lifetime = async () => {
    const sim = await startSim(t)
    const res = await api(sim, HOOKS, { token: 'octocat-token', method: 'POST', body: { config: { url: receiver.url } } })
    t.equal(res.status, 201)
    await sim.control.idle()
    const pings = sim.control.deliveries({ hookId: res.body.id })
    t.equal(pings.length, 1, 'the new hook was pinged')
    await sim.close()
    return { hookId: res.body.id as number, deliveryId: pings[0]!.id }
  }
  const first = await lifetime()
  const second = await lifetime()
  t.not(second.hookId, first.hookId, 'the second simulator does not reuse the first one\'s hook id')
  t.ok(second.hookId > first.hookId, 'hook ids only grow, as on GitHub')
  t.ok(second.deliveryId > first.deliveryId, 'delivery ids too')
  for (const id of [first.hookId, second.hookId, first.deliveryId, second.deliveryId]) t.ok(Number.isSafeInteger(id), `${id} is a safe integer`)
})

t.test('a restarted standalone simulator (a new process) never hands out a hook id again', async (t) => {
  const receiver = await startReceiver(t)
  const createHookInNewProcess = async () => {
    const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] })
    t.teardown(() => { child.kill('SIGKILL') })
    const exited = new Promise((resolve) => child.on('exit', resolve))
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    const deadline = Date.now() + 10_000
    while (!/listening on (http:\/\/\S+)/.test(out) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    const url = out.match(/listening on (http:\/\/\S+)/)?.[1]
    if (!url) throw new Error(`the simulator did not start: ${out}`)
    const res = await fetch(`${url}/api/v3${HOOKS}`, {
      method: 'POST',
      headers: { authorization: 'token octocat-token', 'content-type': 'application/json' },
      body: JSON.stringify({ config: { url: receiver.url } }),
    })
    t.equal(res.status, 201)
    const { id } = (await res.json()) as { id: number }
    child.kill('SIGTERM')
    await exited
    return id
  }
  const first = await createHookInNewProcess()
  const second = await createHookInNewProcess()
  t.ok(second > first, `the restarted simulator's first hook id (${second}) is above the previous run's (${first})`)
})

t.test('clock-based ids: later starts begin higher, and stay safe integers for ages', async (t) => {
  const now = Date.UTC(2026, 5, 1)
  t.ok(clockIdBase(400_000_000, now + 1) > clockIdBase(400_000_000, now))
  t.equal(clockIdBase(400_000_000, now + 60_000) - clockIdBase(400_000_000, now), 60_000, 'one id of headroom per millisecond between starts')
  t.ok(Number.isSafeInteger(clockIdBase(9_000_000_000, Date.UTC(2500, 0, 1))), 'a delivery id in 2500 is still a safe integer')
  t.equal(clockIdBase(400_000_000, 0), 400_000_000, 'a clock before 2025 starts at the base')
})

t.test('ids: a chosen start is honoured, to reproduce a GitHub that hands an id out again', async (t) => {
  const first = await startSim(t, { ids: { hook: 1_000 } })
  const second = await startSim(t, { ids: { hook: 1_000 } })
  // GitHub refuses a second hook with the same URL on one repository.
  const create = async (sim: typeof first, path: string) =>
    (await api(sim, HOOKS, { token: 'octocat-token', method: 'POST', body: { active: false, config: { url: `http://127.0.0.1:9/${path}` } } })).body.id
  t.equal(await create(first, 'a'), 1_001)
  t.equal(await create(second, 'a'), 1_001, 'both count from the same start')
  t.equal(await create(first, 'b'), 1_002)
})
