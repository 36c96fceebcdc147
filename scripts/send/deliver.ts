import { createHmac, randomUUID } from 'node:crypto'
import type { SigningSecret } from './signing-secret.ts'
import { SendError } from './usage-error.ts'

/** Where deliveries go: a bare origin means its /api/webhook, any other path is taken as given. */
export function webhookUrl(url: string): URL {
  const target = new URL(url)
  if (target.pathname === '/' || target.pathname === '') target.pathname = '/api/webhook'
  return target
}

/** Fails with how to start the stack when nothing answers at the ingest's address. */
export async function ensureIngestAnswers(target: URL, port: number): Promise<void> {
  const res = await fetch(new URL('/readyz', target), { signal: AbortSignal.timeout(10_000) }).catch(() => undefined)
  if (res === undefined) {
    throw new SendError(`nothing answers at ${target.origin}: start the local stack with npm start (its ingest listens on port ${port}; INGEST_PORT moves it), or pass --url to an ingest that runs`)
  }
  await res.arrayBuffer()
}

export interface Answer {
  deliveryId: string
  status: number
  body: string
}

/** POSTs the body with GitHub's headers, signed over its exact bytes. */
export async function deliver(target: URL, event: string, body: string, signing: SigningSecret, repositoryId: number | undefined): Promise<Answer> {
  const deliveryId = randomUUID()
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/gwm-send',
    'x-github-event': event,
    'x-github-delivery': deliveryId,
    'x-hub-signature-256': `sha256=${createHmac('sha256', signing.secret).update(body).digest('hex')}`,
  }
  if (signing.hookId !== undefined) {
    headers['x-github-hook-id'] = signing.hookId
    headers['x-github-hook-installation-target-type'] = 'repository'
    if (repositoryId !== undefined) headers['x-github-hook-installation-target-id'] = String(repositoryId)
  }
  const res = await fetch(target, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) }).catch((error: unknown) => {
    throw new SendError(`the ingest at ${target.origin} did not answer: ${(error as Error).message}`)
  })
  return { deliveryId, status: res.status, body: await res.text() }
}

const messageOf = (body: string) => {
  try {
    return String((JSON.parse(body) as { message?: unknown }).message ?? body)
  } catch {
    return body
  }
}

/** What a refusal means and what to do, beside the ingest's own answer. */
export function explainRefusal(answer: Answer, signing: SigningSecret): string {
  if (answer.status === 401) {
    return `refused: the ingest could not verify it with ${signing.source}. Its log line "delivery not stored" says why (error, detail); if .env changed since npm start began, restart it so both read the same secrets`
  }
  if (answer.status === 400) return `refused: ${messageOf(answer.body)}`
  if (answer.status === 503) return `the ingest could not store it now: ${messageOf(answer.body)}`
  return `refused (${answer.status}): ${messageOf(answer.body)}`
}
