import type { FastifyInstance, FastifyReply } from 'fastify'
import { canAdminister, install } from '../apps/installations.ts'
import type { SimContext } from '../context.ts'
import type { Account, App } from '../model.ts'
import { type AccountChoice, CSP, escapeHtml, htmlPage, installForm } from './install-form.ts'

/**
 * The App install page, at the root like github.com's: GET /apps/{slug}/installations/new shows
 * the signed-in simulator user (`login=`, else the authorize-as user) the accounts they may install
 * on (themselves, orgs they administer), each with all or some repositories; the form POSTs back
 * here, installs (or updates) and sends the App `installation` (or `installation_repositories`), then
 * redirects to the App's setup URL or shows a done page. Accepts GitHub's `suggested_target_id`,
 * `repository_ids[]` and `state`.
 */

interface PageQuery {
  login?: string
  suggested_target_id?: string
  'repository_ids[]'?: string | string[]
  state?: string
}

interface InstallForm {
  login?: string
  target_id?: string
  repository_selection?: string
  'repository_ids[]'?: string | string[]
  state?: string
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat())

function send(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).header('content-security-policy', CSP).type('text/html; charset=utf-8').send(html)
}

const problem = (reply: FastifyReply, status: number, title: string, text: string) => send(reply, status, htmlPage(title, `<p>${escapeHtml(text)}</p>`))

export function installPageRoutes(app: FastifyInstance, ctx: SimContext): void {
  const userNamed = (login: string | undefined): Account | undefined => {
    const named = login ? ctx.store.account(login) : undefined
    const user = named?.type === 'User' ? named : ctx.store.authorizeAs ? ctx.store.account(ctx.store.authorizeAs) : undefined
    return user?.type === 'User' ? user : undefined
  }

  /** The accounts the user may install the App on, with their repositories and any installation there. */
  const choicesFor = (target: App, user: Account): AccountChoice[] =>
    [...ctx.store.accounts.values()]
      .filter((account) => account.type !== 'Bot' && canAdminister(user, account))
      .sort((a, b) => (a.type === b.type ? a.login.localeCompare(b.login) : a.type === 'User' ? -1 : 1))
      .map((account) => ({
        account,
        repos: [...ctx.store.repos.values()].filter((repo) => repo.owner === account.login).sort((a, b) => a.name.localeCompare(b.name)),
        installation: ctx.store.installationOn(target.id, account.login),
      }))

  app.get('/apps/:slug/installations/new', async (req, reply) => {
    const target = ctx.store.appBySlug((req.params as { slug: string }).slug)
    if (!target) return problem(reply, 404, 'Not Found', 'No GitHub App has this slug.')
    const query = req.query as PageQuery
    const user = userNamed(query.login)
    if (!user) return problem(reply, 400, 'No user to sign in', 'The simulator has no user to act as: pass login= or set authorizeAs.')
    const ids = list(query['repository_ids[]'])
    if ((query.suggested_target_id !== undefined && !/^\d+$/.test(query.suggested_target_id)) || ids.some((id) => !/^\d+$/.test(id))) {
      return problem(reply, 400, 'Bad request', 'suggested_target_id and repository_ids[] must be numeric ids.')
    }
    return send(reply, 200, installForm({
      app: target,
      user,
      choices: choicesFor(target, user),
      suggestedTargetId: query.suggested_target_id === undefined ? null : Number(query.suggested_target_id),
      preselected: new Set(ids.map(Number)),
      state: query.state ?? null,
      action: `/apps/${target.slug}/installations/new`,
    }))
  })

  app.post('/apps/:slug/installations/new', async (req, reply) => {
    const target = ctx.store.appBySlug((req.params as { slug: string }).slug)
    if (!target) return problem(reply, 404, 'Not Found', 'No GitHub App has this slug.')
    const form = (req.body ?? {}) as InstallForm
    const user = form.login ? ctx.store.account(form.login) : undefined
    if (user?.type !== 'User') return problem(reply, 422, 'Cannot install', 'The form names no user of the simulator (login).')
    const choice = choicesFor(target, user).find((candidate) => String(candidate.account.id) === form.target_id)
    if (!choice) return problem(reply, 422, 'Cannot install', `${user.login} cannot install Apps on the account target_id names (their own account, or an org they administer).`)
    if (form.repository_selection !== 'all' && form.repository_selection !== 'selected') return problem(reply, 422, 'Cannot install', 'repository_selection must be "all" or "selected".')
    let repositories: 'all' | string[] = 'all'
    if (form.repository_selection === 'selected') {
      const ids = list(form['repository_ids[]'])
      const repos = ids.map((id) => choice.repos.find((repo) => String(repo.id) === id))
      if (ids.length === 0) return problem(reply, 422, 'Cannot install', 'Select at least one repository, or all repositories.')
      if (repos.some((repo) => repo === undefined)) return problem(reply, 422, 'Cannot install', `repository_ids[] names a repository that is not ${choice.account.login}'s.`)
      repositories = repos.map((repo) => repo!.name)
    }
    const result = await install(ctx, { app: target.slug, account: choice.account.login, repositories, sender: user.login })
    if (target.setupUrl) {
      const url = new URL(target.setupUrl)
      url.searchParams.set('installation_id', String(result.id))
      url.searchParams.set('setup_action', result.action === 'created' ? 'install' : 'update')
      if (form.state) url.searchParams.set('state', form.state)
      return reply.redirect(url.toString(), 302)
    }
    const done = `<p>${escapeHtml(target.name)} is ${result.action === 'created' ? 'installed' : 'updated'} on ${escapeHtml(choice.account.login)}: installation <strong id="installation-id">${result.id}</strong>.</p>`
    return send(reply, 200, htmlPage(result.action === 'created' ? 'Installed' : 'Updated', done))
  })
}
