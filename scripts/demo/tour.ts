import { type Callback, type Log, push, signIn, type TourUrls, WrongModeError, waitForCallback, waitForEvent } from './steps.ts'

export interface TourResult {
  login: string
  hookId: number
  pushedSha: string
  deliveryId: string
  callback: Callback
  event: Record<string, unknown>
}

/**
 * The product end to end in OAuth App mode, as a user and GitHub would drive it: sign in
 * through the simulator, connect octocat/hello-world, push to it, and see the deployment
 * request reach the platform receiver and the events API.
 */
export async function runTour(urls: TourUrls, log: Log = () => {}, repo = 'octocat/hello-world'): Promise<TourResult> {
  const session = await signIn(urls, log)

  const setup = await fetch(`${urls.gateway}/api/repos/${repo}/setup-webhook`, { method: 'POST', headers: session.headers })
  const text = await setup.text()
  // App mode answers 200 { mode: "app" } or 409 with the App's install page.
  if (/"(mode":"app|installUrl)"/.test(text)) throw new WrongModeError('the stack runs in GitHub App mode: take its tour with npm run demo -- --github-app')
  if (setup.status !== 200 && setup.status !== 201) throw new Error(`setup-webhook: expected 200 or 201, got ${setup.status} ${text}`)
  const hook = JSON.parse(text) as { hookId?: number; id?: number; webhook?: { hookId?: number; id?: number } }
  const hookId = Number(hook.hookId ?? hook.webhook?.hookId ?? hook.id ?? hook.webhook?.id)
  log(`connected ${repo} (hook ${hookId}, ${setup.status === 201 ? 'created' : 'already connected'})`)

  const pushed = await push(urls, repo, { message: `tour: ship it at ${new Date().toISOString()}`, added: ['tour.txt'] }, log)
  const delivery = pushed.deliveries.find((candidate) => candidate.hookId === hookId)
  if (!delivery) throw new Error(`GitHub sent the push to no hook ${hookId}: ${JSON.stringify(pushed.deliveries)}`)
  if (delivery.statusCode !== 202) throw new Error(`the ingest answered the push's delivery ${delivery.statusCode} (${delivery.status})`)
  log(`the ingest accepted the push's delivery (202)`)
  const callback = await waitForCallback(urls, pushed.after, log)
  const { event, deliveryId } = await waitForEvent(urls, session, repo, pushed.after, log)
  return { login: session.login, hookId, pushedSha: pushed.after, deliveryId, callback, event }
}
