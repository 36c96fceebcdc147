import type { Account, App, Installation, Repo } from '../model.ts'

/** HTML of the simulator's App install page: no script, no inline style (a strict CSP holds). */

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export const CSP = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'"

export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`
}

export interface AccountChoice {
  account: Account
  repos: Repo[]
  installation: Installation | undefined
}

export interface FormOptions {
  app: App
  user: Account
  choices: AccountChoice[]
  /** The account to offer first (GitHub's `suggested_target_id`). */
  suggestedTargetId: number | null
  /** Repositories to pre-select (GitHub's `repository_ids[]`). */
  preselected: Set<number>
  state: string | null
  action: string
}

/** One form per account the user may install on: all repositories, or the ticked ones. */
function accountForm(options: FormOptions, choice: AccountChoice): string {
  const { account, repos, installation } = choice
  const ticked = (repo: Repo) => options.preselected.has(repo.id) || (installation?.repositorySelection === 'selected' && installation.repositoryIds.has(repo.id))
  const selected = repos.some(ticked)
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`
  const items = repos.map((repo) =>
    `<li><label><input type="checkbox" name="repository_ids[]" value="${repo.id}"${ticked(repo) ? ' checked' : ''}> ${escapeHtml(`${repo.owner}/${repo.name}`)}${repo.private ? ' (private)' : ''}</label></li>`).join('')
  return `<section><h2>${installation ? 'Configure' : 'Install'} on ${escapeHtml(account.login)}${account.type === 'Organization' ? ' (organization)' : ''}</h2>
<form method="post" action="${escapeHtml(options.action)}">
${hidden('login', options.user.login)}${hidden('target_id', String(account.id))}${options.state === null ? '' : hidden('state', options.state)}
<p><label><input type="radio" name="repository_selection" value="all"${selected ? '' : ' checked'}> All repositories</label></p>
<p><label><input type="radio" name="repository_selection" value="selected"${selected ? ' checked' : ''}> Only select repositories:</label></p>
<ul>${items || '<li>(no repositories)</li>'}</ul>
<p><button type="submit">${installation ? 'Save' : 'Install'}</button></p>
</form></section>`
}

export function installForm(options: FormOptions): string {
  const first = options.choices.filter((choice) => choice.account.id === options.suggestedTargetId)
  const rest = options.choices.filter((choice) => choice.account.id !== options.suggestedTargetId)
  const intro = `<p>Signed in as <strong>${escapeHtml(options.user.login)}</strong>. ${escapeHtml(options.app.name)} asks for: ${escapeHtml(Object.entries(options.app.permissions).map(([name, level]) => `${name}: ${level}`).join(', '))}.</p>`
  return htmlPage(`Install ${options.app.name}`, intro + [...first, ...rest].map((choice) => accountForm(options, choice)).join(''))
}
