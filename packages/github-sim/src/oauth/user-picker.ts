import type { Account, OAuthApp } from '../model.ts'
import { escapeHtml, htmlPage } from '../web/install-form.ts'

/**
 * The authorize page a person sees in a browser: which simulator user signs in (a <select>
 * labelled "User", the authorize-as user first chosen) and an "Authorize" button. The form
 * POSTs the request's own parameters back with the chosen login. No script, no inline style.
 */
export function userPicker(client: OAuthApp, users: Account[], chosen: string | null, params: Record<string, unknown>): string {
  const hidden = Object.entries(params)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'login')
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('')
  const options = users
    .map((user) => `<option value="${escapeHtml(user.login)}"${user.login === chosen ? ' selected' : ''}>${escapeHtml(user.login)}${user.name ? ` (${escapeHtml(user.name)})` : ''}</option>`)
    .join('')
  return htmlPage(`Authorize ${client.name}`, `<p>${escapeHtml(client.name)} asks to sign you in with the GitHub simulator. Choose who you are.</p>
<form method="post" action="/login/oauth/authorize">${hidden}
<p><label for="login">User</label> <select id="login" name="login">${options}</select></p>
<p><button type="submit">Authorize</button></p>
</form>`)
}
