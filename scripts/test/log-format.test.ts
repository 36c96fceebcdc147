import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTestRedis } from '@gwm/testkit'
import t from 'tap'
import { localEnv } from '../stack/local-env.ts'
import { stackPorts } from '../stack/ports.ts'

const root = join(import.meta.dirname, '..', '..')

/** The ingest's first log line ("Server listening …"), as its process writes it. */
function firstLine(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['services/ingest/src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, SECRETS_KEY: randomBytes(32).toString('hex'), PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (!output.includes('Server listening')) return
      child.kill('SIGKILL')
      resolve(output.split('\n').find((line) => line.includes('Server listening'))!)
    })
    child.on('exit', (code) => reject(new Error(`the ingest exited (${code}) before it listened: ${output}`)))
  })
}

t.test('a service logs JSON lines by default and readable ones with LOG_FORMAT=pretty', async (t) => {
  const redis = await createTestRedis(t)
  const env = { REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix }
  const [json, pretty, coloured] = await Promise.all([firstLine(env), firstLine({ ...env, LOG_FORMAT: 'pretty' }), firstLine({ ...env, LOG_FORMAT: 'pretty', FORCE_COLOR: '1' })])

  const record = JSON.parse(json) as { level: number; service: string; msg: string }
  t.match(record, { level: 30, service: 'ingest', msg: /^Server listening at http:\/\/127\.0\.0\.1:\d+$/ }, 'one JSON object per line')

  t.throws(() => JSON.parse(pretty), 'pretty lines are not JSON')
  t.match(pretty, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Server listening at http:\/\/127\.0\.0\.1:\d+$/, 'time, level and message, for people')
  t.ok(coloured.includes('\u001b[32mINFO\u001b[39m'), 'in colour when the terminal takes it')
})

t.test('a LOG_FORMAT that is neither stops start-up, naming it', async (t) => {
  const child = spawn(process.execPath, ['services/ingest/src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, SECRETS_KEY: randomBytes(32).toString('hex'), PORT: '0', LOG_FORMAT: 'xml' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise((resolve) => child.on('close', resolve))
  t.equal(code, 78, 'exits as a configuration error')
  t.match(stderr, 'ingest: invalid configuration: LOG_FORMAT must be one of json, pretty, got "xml"')
})

t.test('npm start logs readably unless LOG_FORMAT says otherwise', async (t) => {
  const backing = { databaseUrl: 'postgres://127.0.0.1/gwm', redisUrl: 'redis://127.0.0.1:6379' }
  const before = process.env.LOG_FORMAT
  t.teardown(() => {
    if (before === undefined) delete process.env.LOG_FORMAT
    else process.env.LOG_FORMAT = before
  })
  delete process.env.LOG_FORMAT
  const dotEnv = join(root, '.env')
  if (!(existsSync(dotEnv) && /^\s*LOG_FORMAT\s*=/m.test(readFileSync(dotEnv, 'utf8')))) {
    t.equal(localEnv(root, stackPorts(), backing).LOG_FORMAT, 'pretty', 'pretty by default')
  }
  process.env.LOG_FORMAT = 'json'
  t.equal(localEnv(root, stackPorts(), backing).LOG_FORMAT, 'json', 'LOG_FORMAT=json is kept')
})
