import { createHmac, randomUUID } from 'node:crypto'
import type { ConsoleStack } from './stack.ts'

/** How many times a delivery the ingest sheds (503) is sent in all. */
const SEND_TRIES = 4

export const REPO = 'octocat/hello-world'

/** Headers that name or sign one body: made anew for each delivery. */
const RESIGNED = /^x-(github-delivery|hub-signature(-256)?)$/i

interface Delivery {
  guid: string
  hookId: number
  event: string
  request: { headers: Record<string, string>; payload: Record<string, unknown> }
}

async function simJson<T>(stack: ConsoleStack, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${stack.githubUrl}/_sim${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } })
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} /_sim${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** Someone pushes one commit to the repository's default branch on the simulator: its sha and delivery id. */
export async function push(stack: ConsoleStack, message: string, repo = REPO): Promise<{ sha: string; deliveryId: string }> {
  const pushed = await simJson<{ after: string; deliveries: Array<{ guid: string; statusCode: number | null }> }>(stack, `/repos/${repo}/push`, {
    method: 'POST',
    body: JSON.stringify({ branch: 'main', commits: [{ message, added: ['console.txt'] }] }),
  })
  const accepted = pushed.deliveries.find((delivery) => delivery.statusCode === 202)
  if (!accepted) throw new Error(`the ingest accepted no delivery of the push: ${JSON.stringify(pushed.deliveries)}`)
  return { sha: pushed.after, deliveryId: accepted.guid }
}

/**
 * Sends what GitHub would have sent for more pushes, fast: the last push delivery the simulator
 * made to the repository's hook, with its payload changed by `edit` (each one a body of its
 * own), under a new delivery id, signed with the hook's secret, straight to the hook's URL.
 */
export async function sendPushes(stack: ConsoleStack, edits: Array<(payload: Record<string, unknown>) => Record<string, unknown>>, repo = REPO): Promise<string[]> {
  const [hook] = await simJson<Array<{ id: number; url: string; secret: string | null }>>(stack, `/repos/${repo}/hooks`)
  if (!hook?.secret) throw new Error(`${repo} has no hook with a secret: connect it first`)
  const pushes = (await simJson<Delivery[]>(stack, `/deliveries?repo=${repo}&event=push`)).filter((delivery) => delivery.hookId === hook.id)
  const model = pushes.at(-1)
  if (!model) throw new Error(`no push was delivered to hook ${hook.id} yet`)
  const ids: string[] = []
  for (const edit of edits) {
    const guid = randomUUID()
    const body = JSON.stringify(edit(structuredClone(model.request.payload)))
    const secret = hook.secret
    const send = () =>
      fetch(hook.url, {
        method: 'POST',
        headers: {
          ...Object.fromEntries(Object.entries(model.request.headers).filter(([name]) => !RESIGNED.test(name))),
          'X-GitHub-Delivery': guid,
          'X-Hub-Signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
        },
        body,
      })
    // A busy ingest sheds a delivery with 503 and Retry-After (a 4 MB one waits longest for
    // Redis): sent again, as GitHub's redelivery would, a few times.
    let res = await send()
    for (let tries = 1; res.status === 503 && tries < SEND_TRIES; tries++) {
      await res.text()
      await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('retry-after') ?? 1) * 1_000))
      res = await send()
    }
    if (res.status !== 202) throw new Error(`the ingest answered ${res.status}: ${await res.text()}`)
    ids.push(guid)
  }
  return ids
}
