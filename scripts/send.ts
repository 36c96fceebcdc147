// `npm run send -- <event> [--action A] [--repo owner/name] [--file payload.json] [--url URL]`:
// one delivery as GitHub would send it (a real example payload, or a file), signed with the
// secret the running ingest checks it with, sent to the local stack's ingest. Prints the
// ingest's answer and, when the event asks for a deployment, where to follow the callback.
import { join } from 'node:path'
import { loadIngestConfig } from '@gwm/config'
import { readArgs } from './send/args.ts'
import { callbackHint } from './send/callback-hint.ts'
import { deliver, ensureIngestAnswers, explainRefusal, webhookUrl } from './send/deliver.ts'
import { pickExample } from './send/examples.ts'
import { distinctBody, type Payload, readPayloadFile } from './send/payload.ts'
import { lookUpRepository, rewriteRepository } from './send/repository.ts'
import { SendError, UsageError } from './send/usage-error.ts'
import { localEnv } from './stack/local-env.ts'
import { stackPorts } from './stack/ports.ts'

const root = join(import.meta.dirname, '..')

async function send(argv: string[]): Promise<number> {
  const args = readArgs(argv)
  const ports = stackPorts()
  // The settings exactly as `npm start` resolves them: the environment, .env, then its defaults.
  const env = localEnv(root, ports, { databaseUrl: '', redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379' })
  if (args.file !== undefined && args.action !== undefined) throw new UsageError('--action chooses an example: a --file is sent as it is')
  const fromFile = args.file === undefined ? undefined : readPayloadFile(args.file)
  let payload: Payload = fromFile?.payload ?? pickExample(args.event, args.action)
  let text = fromFile?.text
  const target = webhookUrl(args.url ?? `http://127.0.0.1:${ports.ingest}`)
  await ensureIngestAnswers(target, ports.ingest)

  if (args.repo !== undefined) {
    const identity = await lookUpRepository(env.GITHUB_API_URL!, args.repo)
    if (identity.madeUp) console.log(`${args.repo} is not known at ${env.GITHUB_API_URL}: its id is made up from its name (${identity.id})`)
    payload = rewriteRepository(payload, identity)
    text = undefined
  }
  const repository = payload.repository as { id?: unknown; full_name?: unknown } | undefined
  const repositoryId = typeof repository?.id === 'number' ? repository.id : undefined
  const repoName = typeof repository?.full_name === 'string' ? repository.full_name : 'the payload\'s repository'

  let config: ReturnType<typeof loadIngestConfig>
  try {
    config = loadIngestConfig({ ...env, PORT: String(ports.ingest) })
  } catch (error) {
    throw new SendError(`the ingest's settings do not load here: ${(error as Error).message}`)
  }
  // Loaded only now (Redis's and BullMQ's clients): bad input is answered without them.
  const { signingSecret } = await import('./send/signing-secret.ts')
  const signing = await signingSecret(config, repositoryId, repoName)
  const action = typeof payload.action === 'string' ? ` (${payload.action})` : ''
  const answer = await deliver(target, args.event, distinctBody(text ?? JSON.stringify(payload)), signing, repositoryId)
  console.log(`sent ${args.event}${action} about ${repoName}${repositoryId === undefined ? '' : ` (id ${repositoryId})`} to ${target.href}, signed with ${signing.source}`)
  console.log(`ingest answered ${answer.status}: ${answer.body}`)
  if (answer.status >= 300) {
    console.log(explainRefusal(answer, signing))
    return 1
  }
  console.log(callbackHint(args.event, payload, answer.deliveryId, { api: `http://localhost:${ports.gateway}`, console: env.FRONTEND_URL! }))
  return 0
}

try {
  process.exitCode = await send(process.argv.slice(2))
} catch (error) {
  if (!(error instanceof UsageError || error instanceof SendError)) throw error
  console.error(`send: ${error.message}`)
  process.exitCode = error instanceof UsageError ? 2 : 1
}
