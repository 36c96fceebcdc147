import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inboxKeys, publishHookSecret, SecretBox } from '@gwm/queue'
import { closedPort, createTestRedis, example } from '@gwm/testkit'
import t, { type Test } from 'tap'

// `npm run send` against a real ingest process (and the GitHub simulator for --repo), as a
// developer runs it next to `npm start`: what it prints, and what the ingest stored.
const root = join(import.meta.dirname, '..', '..')
const KEY = randomBytes(32).toString('hex')
const SECRET = randomBytes(16).toString('hex')
const CODERTOCAT = 186853002 // Codertocat/Hello-World, the push and issues examples' repository

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function run(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ['scripts/send.ts', ...args], { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

async function startProcess(t: Test, name: string, script: string, env: Record<string, string>, readyUrl: string): Promise<void> {
  const child: ChildProcess = spawn(process.execPath, [script], { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
  t.teardown(() => void child.kill('SIGKILL'))
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before it was ready`)
    const res = await fetch(readyUrl).catch(() => undefined)
    await res?.arrayBuffer()
    if (res?.status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${name} was not ready within 30 s`)
}

t.test('npm run send', async (t) => {
  const redis = await createTestRedis(t)
  const [ingestPort, githubPort, gatewayPort] = [await closedPort(), await closedPort(), await closedPort()]
  const ingestUrl = `http://127.0.0.1:${ingestPort}`
  const githubApiUrl = `http://127.0.0.1:${githubPort}/api/v3`
  const shared = { REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, SECRETS_KEY: KEY, WEBHOOK_SECRET: SECRET, WEBHOOK_SECRET_REPOSITORY_IDS: String(CODERTOCAT), NODE_ENV: 'development' }
  await Promise.all([
    startProcess(t, 'the ingest', 'services/ingest/src/main.ts', { ...shared, PORT: String(ingestPort), HOST: '127.0.0.1', SECRET_CACHE_TTL_MS: '0', LOG_LEVEL: 'warn' }, `${ingestUrl}/readyz`),
    startProcess(t, 'the GitHub simulator', 'packages/github-sim/src/main.ts', { PORT: String(githubPort), LOG_LEVEL: 'warn' }, `http://127.0.0.1:${githubPort}/`),
  ])
  // What `npm start` would resolve, pinned so a developer's .env cannot change the test.
  const env = { ...shared, INGEST_PORT: String(ingestPort), GATEWAY_PORT: String(gatewayPort), FRONTEND_URL: 'http://localhost:7777', GITHUB_API_URL: githubApiUrl }
  const send = (...args: string[]) => run([...args, '--url', ingestUrl], env)
  t.jobs = 6 // each run is a process of its own; they share nothing but the inbox
  const stored = async () => (await redis.client.xrange(inboxKeys(redis.prefix).stream, '-', '+')).map(([, fields]) => JSON.parse(fields[fields.indexOf('data') + 1]!) as { deliveryId: string; event: string; hookId?: string })

  t.test('a push example is signed with WEBHOOK_SECRET, stored, and its callback is shown', async (t) => {
    const first = await send('push')
    t.equal(first.code, 0, first.stderr)
    t.match(first.stdout, `about Codertocat/Hello-World (id ${CODERTOCAT})`)
    t.match(first.stdout, 'signed with WEBHOOK_SECRET')
    const deliveryId = /ingest answered 202: \{"deliveryId":"([^"]+)"\}/.exec(first.stdout)?.[1]
    t.ok(deliveryId, 'the answer is printed')
    t.match(first.stdout, 'callback: under the default deploy rules the platform is asked for a production deployment of refs/heads/master (environment production)')
    t.match(first.stdout, `GET http://localhost:${gatewayPort}/api/events/${deliveryId}`)
    t.match(first.stdout, `console:   http://localhost:7777/events/${deliveryId}`)

    const again = await Promise.all([send('push'), send('push')])
    t.same(again.map((result) => result.code), [0, 0], 'the same example again is a delivery of its own')
    const ids = (await stored()).map((entry) => entry.deliveryId)
    const sent = [first, ...again].map((result) => /"deliveryId":"([^"]+)"/.exec(result.stdout)?.[1])
    t.ok(sent.every((id) => id !== undefined && ids.includes(id)), 'all three are in the inbox: each body sent has bytes of its own')
  })

  t.test('an event that asks for no deployment says so', async (t) => {
    const issue = await send('issues', '--action', 'opened')
    t.equal(issue.code, 0, issue.stderr)
    t.match(issue.stdout, 'issues (opened)')
    t.match(issue.stdout, /no callback under the default deploy rules \(skipped: no rule for issues\); the stored event: GET http:\/\/localhost:\d+\/api\/events\//)
  })

  t.test('--repo: the payload becomes the repository GitHub knows, signed with its hook secret', async (t) => {
    const repo = (await (await fetch(`${githubApiUrl}/repos/octocat/hello-world`)).json()) as { id: number; owner: { id: number } }
    const hookSecret = randomBytes(16).toString('hex')
    await publishHookSecret(redis.client, new SecretBox([Buffer.from(KEY, 'hex')]), redis.prefix, 4242, { current: hookSecret, repositoryId: repo.id })
    const sent = await send('push', '--repo', 'octocat/hello-world')
    t.equal(sent.code, 0, sent.stderr)
    t.match(sent.stdout, `about octocat/hello-world (id ${repo.id})`)
    t.match(sent.stdout, "signed with hook 4242's own secret")
    const entry = (await stored()).find((candidate) => sent.stdout.includes(candidate.deliveryId))
    t.equal(entry?.hookId, '4242', 'stored as the hook GitHub would name')
  })

  t.test('a repository the ingest would refuse is explained, not sent', async (t) => {
    const refused = await send('push', '--repo', 'nobody/nowhere')
    t.equal(refused.code, 1)
    t.match(refused.stdout, /nobody\/nowhere is not known at .*: its id is made up from its name \((\d+)\)/)
    t.match(refused.stderr, /nobody\/nowhere \(id \d+\) has no hook of ours, and WEBHOOK_SECRET_REPOSITORY_IDS does not list it, so the ingest would refuse it: connect the repository .* or add \d+ to WEBHOOK_SECRET_REPOSITORY_IDS/)
  })

  t.test("the ingest's refusals are printed with what they mean", async (t) => {
    const wrongSecret = await run(['push', '--url', ingestUrl], { ...env, WEBHOOK_SECRET: 'not-the-ingests-secret' })
    t.equal(wrongSecret.code, 1)
    t.match(wrongSecret.stdout, 'ingest answered 401')
    t.match(wrongSecret.stdout, 'refused: the ingest could not verify it with WEBHOOK_SECRET. Its log line "delivery not stored" says why')

    const dir = mkdtempSync(join(tmpdir(), 'gwm-send-'))
    const file = join(dir, 'create.json')
    writeFileSync(file, JSON.stringify(example('create')))
    const misnamed = await send('delete', '--file', file)
    t.equal(misnamed.code, 1)
    t.match(misnamed.stdout, 'ingest answered 400')
    t.match(misnamed.stdout, 'refused: X-GitHub-Event "delete" does not fit the payload')
    const right = await send('create', '--file', file)
    t.equal(right.code, 0, 'the file under its own event name is stored')
  })

  t.test('bad input', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'gwm-send-'))
    writeFileSync(join(dir, 'broken.json'), '{"ref": ')
    writeFileSync(join(dir, 'list.json'), '[1, 2]')
    const cases: Array<[string, string[], number, RegExp]> = [
      ['no event', [], 2, /name the event to send .*\nusage: npm run send -- <event>/],
      ['an unknown event lists the events', ['pusher'], 2, /no example of the event "pusher": the events with examples are .*\bpull_request\b.*\bpush\b/],
      ['an action no example has lists the actions', ['pull_request', '--action', 'exploded'], 2, /no "pull_request" example with the action "exploded": its examples' actions are .*\bopened\b.*\bsynchronize\b/],
      ['an action for an event without actions', ['push', '--action', 'opened'], 2, /the "push" examples have no action: leave --action out/],
      ['an unreadable file', ['push', '--file', join(dir, 'missing.json')], 2, /cannot read .*missing\.json: ENOENT/],
      ['a file that is not JSON', ['push', '--file', join(dir, 'broken.json')], 2, /broken\.json is not JSON: /],
      ['a file that is not an object', ['push', '--file', join(dir, 'list.json')], 2, /list\.json is not a JSON object/],
      ['--repo not owner/name', ['push', '--repo', 'just-a-name'], 2, /--repo "just-a-name" is not owner\/name/],
      ['an unknown option', ['push', '--secret', 'x'], 2, /Unknown option '--secret'.*\nusage:/s],
      ['--action with --file', ['push', '--action', 'opened', '--file', join(dir, 'list.json')], 2, /--action chooses an example: a --file is sent as it is/],
    ]
    const results = await Promise.all(cases.map(([, args]) => send(...args)))
    for (const [i, [name, , code, message]] of cases.entries()) {
      t.equal(results[i]!.code, code, `${name}: exit code`)
      t.match(results[i]!.stderr, message, name)
    }
    const port = await closedPort()
    const down = await run(['push'], { ...env, INGEST_PORT: String(port) })
    t.equal(down.code, 1)
    t.match(down.stderr, `nothing answers at http://127.0.0.1:${port}: start the local stack with npm start`, 'the ingest not running says how to start it')
  })
})
