import { parseForms, submitForm } from './html-form.ts'
import { type ReportBack, reportBack } from './report-back.ts'
import { type Callback, expectStatus, type Log, poll, push, type Session, signIn, simRepo, type TourUrls, WrongModeError, waitForCallback, waitForEvent } from './steps.ts'
import { downloadTarball } from './tarball.ts'

export interface AppTourOptions {
  /** PLATFORM_API_TOKEN of the stack: the platform's bearer token for the gateway. */
  platformToken: string
  repo?: string
  /** A private repository the App is not installed on: the token must not reach it. */
  otherRepo?: string
}

/** A repository as GET /user/repos lists it: in App mode, connected when an installation covers it. */
interface UserRepo {
  fullName: string
  connected: boolean
  installationId: number | null
}

export interface AppTourResult {
  login: string
  installationId: number
  /** Whether the tour installed the App (false: it was installed already). */
  installedNow: boolean
  /** The repositories GET /user/repos listed after the install. */
  userRepos: UserRepo[]
  pushedSha: string
  pushedFile: { path: string; content: string }
  callback: Callback
  deliveryId: string
  /** The gateway's answer to the platform's POST …/access-token (the token itself included, for checks; never printed). */
  accessToken: { token: string; expiresAt: string; permissions: Record<string, string>; repository: { fullName?: string; id?: number } }
  /** The tarball of the pushed commit, downloaded with that token. */
  tarball: { status: number; redirectedTo: string; files: string[]; pushedFileContent: string | undefined }
  /** What the same token gets for otherRepo (GitHub's 404 for a private repository out of reach). */
  otherRepoWithToken: { repository: number; tarball: number }
  /** What the gateway answers the platform for otherRepo, which no installation covers. */
  otherRepoAccessToken: number
  /** The platform's statuses for the request, as GitHub and the environments API then show them. */
  reported: ReportBack
}

interface SetupAnswer {
  status: number
  mode?: string
  installationId?: number
  installUrl?: string
  text: string
}

async function setupWebhook(urls: TourUrls, session: Session, repo: string): Promise<SetupAnswer> {
  const res = await fetch(`${urls.gateway}/api/repos/${repo}/setup-webhook`, { method: 'POST', headers: session.headers })
  const text = await res.text()
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    // not JSON: reported with its text
  }
  const details = (body.details ?? body.error ?? {}) as Record<string, unknown>
  const installUrl = body.installUrl ?? details.installUrl
  return {
    status: res.status,
    text,
    ...(typeof body.mode === 'string' ? { mode: body.mode } : {}),
    ...(typeof body.installationId === 'number' ? { installationId: body.installationId } : {}),
    ...(typeof installUrl === 'string' ? { installUrl } : {}),
  }
}

/**
 * The App's install page as a browser shows it to the signed-in GitHub user: the form of the
 * repository's owner, "Only select repositories" with the repository ticked (the gateway's link
 * ticks it already; a user would otherwise tick it), submitted as the browser submits it.
 */
async function installThroughPage(urls: TourUrls, installUrl: string, session: Session, repo: string, log: Log): Promise<number> {
  const repoId = (await simRepo(urls, repo)).id
  const page = await expectStatus(await fetch(installUrl), [200], `the install page ${installUrl}`)
  const html = await page.text()
  const shownUser = html.match(/Signed in as <strong>([^<]+)<\/strong>/)?.[1]
  if (shownUser !== session.login) throw new Error(`the install page is signed in as ${shownUser ?? 'nobody'}, the gateway as ${session.login}`)
  const form = parseForms(html, installUrl).find((candidate) => candidate.method === 'post' && candidate.html.includes(`value="${repoId}"`))
  if (!form) throw new Error(`the install page offers no form with ${repo}`)
  const ticked = form.fields.some(([name, value]) => name === 'repository_ids[]' && value === String(repoId))
  form.fields = form.fields.filter(([name]) => name !== 'repository_selection')
  form.fields.push(['repository_selection', 'selected'])
  if (!ticked) form.fields.push(['repository_ids[]', String(repoId)])
  log(`installing the App on ${repo} through ${new URL(installUrl).pathname} as ${shownUser} (${ticked ? 'pre-selected by the gateway' : 'ticked by hand'})`)
  const done = await expectStatus(await submitForm(form), [200, 302], 'submitting the install form')
  const location = done.headers.get('location')
  const id = location ? new URL(location, installUrl).searchParams.get('installation_id') : (await done.text()).match(/id="installation-id">(\d+)</)?.[1]
  if (!id) throw new Error('the install page named no installation')
  return Number(id)
}

/**
 * The product end to end in GitHub App mode, as a user, GitHub and the platform would drive it:
 * sign in through the App, install it on the repository through GitHub's install page, push a
 * commit with a file, see the deployment request (with the clone URL and the installation) reach
 * the platform, then fetch that commit's code as the platform does: a token from the gateway's
 * access-token endpoint, GitHub's tarball with it. The same token reaches no other repository.
 * Then the platform reports back, and GitHub shows the Deployment with its statuses.
 */
export async function runAppTour(urls: TourUrls, options: AppTourOptions, log: Log = () => {}): Promise<AppTourResult> {
  const repo = options.repo ?? 'octocat/hello-world'
  const otherRepo = options.otherRepo ?? 'octocat/private-notes'
  const api = `${urls.github}/api/v3`
  const platform = { authorization: `Bearer ${options.platformToken}` }
  const session = await signIn(urls, log)

  let setup = await setupWebhook(urls, session, repo)
  if (setup.status === 201 || (setup.status === 200 && setup.mode !== 'app')) {
    throw new WrongModeError('the stack runs in OAuth App mode: for this tour, start it with npm start -- --github-app')
  }
  let installedNow = false
  if (setup.status === 409 && setup.installUrl) {
    log(`setup-webhook: the App is not installed on ${repo} (409, install page ${setup.installUrl})`)
    const installed = await installThroughPage(urls, setup.installUrl, session, repo, log)
    installedNow = true
    log(`installed: installation ${installed}`)
    // The worker stores the installation event GitHub sent; the gateway then knows the App covers the repository.
    setup = await poll('the installation reaching the gateway', async () => {
      const answer = await setupWebhook(urls, session, repo)
      return answer.status !== 409 ? answer : undefined
    })
    if (setup.installationId !== installed) throw new Error(`setup-webhook names installation ${setup.installationId}, the install page ${installed}`)
    // The worker hands the installation to the ingest's registry right after storing it: a
    // moment for that, or the ingest would refuse the push's delivery as not yet covered.
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  if (setup.status !== 200 || setup.mode !== 'app' || setup.installationId === undefined) {
    throw new Error(`setup-webhook: expected 200 {mode: "app", installationId}, got ${setup.status} ${setup.text}`)
  }
  const installationId = setup.installationId
  log(`connected ${repo}: the App's installation ${installationId} covers it, its webhook serves it (no repository hook)`)

  const reposRes = await expectStatus(await fetch(`${urls.gateway}/user/repos`, { headers: { cookie: session.jar.header() } }), [200], 'GET /user/repos')
  const userRepos = ((await reposRes.json()) as { repos: UserRepo[] }).repos.map(({ fullName, connected, installationId }) => ({ fullName, connected, installationId }))
  log(`GET /user/repos lists ${userRepos.map((listed) => `${listed.fullName}${listed.connected ? ` (installation ${listed.installationId})` : ''}`).join(', ') || 'nothing'}`)

  const stamp = new Date().toISOString()
  const pushedFile = { path: 'tour/hello.txt', content: `shipped by the App tour at ${stamp}\n` }
  const pushed = await push(urls, repo, { message: `tour: ship it at ${stamp}`, files: { [pushedFile.path]: pushedFile.content } }, log)
  const appDelivery = pushed.deliveries.find((delivery) => delivery.installationId === installationId)
  if (!appDelivery) throw new Error(`GitHub sent the push to no App webhook: ${JSON.stringify(pushed.deliveries)}`)
  if (appDelivery.statusCode !== 202) throw new Error(`the ingest answered the App's push delivery ${appDelivery.statusCode} (${appDelivery.status})`)

  const callback = await waitForCallback(urls, pushed.after, log)
  const callbackRepo = (callback.data.repository ?? {}) as { cloneUrl?: unknown }
  if (typeof callbackRepo.cloneUrl !== 'string' || !callbackRepo.cloneUrl.endsWith(`/${repo}.git`)) throw new Error(`the callback's repository.cloneUrl is ${JSON.stringify(callbackRepo.cloneUrl)}`)
  if (callback.data.installationId !== installationId) throw new Error(`the callback's installationId is ${JSON.stringify(callback.data.installationId)}, not ${installationId}`)
  log(`… with repository.cloneUrl ${callbackRepo.cloneUrl} and installationId ${installationId}`)
  const { deliveryId } = await waitForEvent(urls, session, repo, pushed.after, log)

  const tokenRes = await expectStatus(await fetch(`${urls.gateway}/api/repos/${repo}/access-token`, { method: 'POST', headers: platform }), [200], `POST /api/repos/${repo}/access-token`)
  const accessToken = (await tokenRes.json()) as AppTourResult['accessToken']
  log(`the platform got a token for ${accessToken.repository?.fullName ?? repo} (${Object.entries(accessToken.permissions ?? {}).map(([name, level]) => `${name}: ${level}`).join(', ')}; expires ${accessToken.expiresAt})`)

  const download = await downloadTarball(api, repo, pushed.after, accessToken.token)
  if (!download.files) throw new Error(`GET /repos/${repo}/tarball/${pushed.after} with the token answered ${download.status}`)
  const names = [...download.files.keys()]
  const entry = names.find((name) => name.split('/').slice(1).join('/') === pushedFile.path)
  const pushedFileContent = entry ? download.files.get(entry)!.toString('utf8') : undefined
  if (pushedFileContent !== pushedFile.content) throw new Error(`the tarball of ${pushed.after.slice(0, 7)} lacks ${pushedFile.path} as pushed (has: ${names.join(', ')})`)
  log(`downloaded the tarball of ${pushed.after.slice(0, 7)} with it (302 to ${download.redirectedTo}): ${pushedFile.path} is there as pushed`)

  const otherRepository = await fetch(`${api}/repos/${otherRepo}`, { headers: { authorization: `Bearer ${accessToken.token}` } })
  await otherRepository.arrayBuffer()
  const otherTarball = await downloadTarball(api, otherRepo, 'main', accessToken.token)
  log(`the same token on ${otherRepo}: GET /repos/${otherRepo} ${otherRepository.status}, its tarball ${otherTarball.status}`)
  const otherToken = await fetch(`${urls.gateway}/api/repos/${otherRepo}/access-token`, { method: 'POST', headers: platform })
  await otherToken.arrayBuffer()
  log(`POST /api/repos/${otherRepo}/access-token: ${otherToken.status} (no installation covers it)`)
  if (otherRepository.status !== 404 || otherTarball.status !== 404 || otherToken.status !== 404) {
    throw new Error(`${otherRepo} must stay out of reach: expected 404 from GitHub for the repository and its tarball and from the gateway for a token, got ${otherRepository.status}, ${otherTarball.status} and ${otherToken.status}`)
  }

  const reported = await reportBack(urls, options.platformToken, { id: callback.webhookId, repo, sha: pushed.after }, log)

  return {
    login: session.login,
    installationId,
    installedNow,
    userRepos,
    pushedSha: pushed.after,
    pushedFile,
    callback,
    deliveryId,
    accessToken,
    tarball: { status: download.status, redirectedTo: download.redirectedTo ?? '', files: names, pushedFileContent },
    otherRepoWithToken: { repository: otherRepository.status, tarball: otherTarball.status },
    otherRepoAccessToken: otherToken.status,
    reported,
  }
}
