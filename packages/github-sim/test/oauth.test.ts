import t from 'tap'
import type { GitHubSim } from '../src/index.ts'
import { api, pkcePair, startSim } from './helpers.ts'

const CLIENT = { id: 'gwm-local-client', secret: 'gwm-local-client-secret', redirect: 'http://localhost:8000/auth/callback' }

async function authorize(sim: GitHubSim, params: Record<string, string>): Promise<{ status: number; location: URL | null; text: string }> {
  const url = new URL('/login/oauth/authorize', sim.url)
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
  const res = await fetch(url, { redirect: 'manual' })
  const location = res.headers.get('location')
  return { status: res.status, location: location ? new URL(location) : null, text: await res.text() }
}

async function exchange(sim: GitHubSim, params: Record<string, string>, as: 'json' | 'form' = 'json', accept = 'application/json') {
  const res = await fetch(`${sim.url}/login/oauth/access_token`, {
    method: 'POST',
    headers: { accept, 'content-type': as === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: as === 'json' ? JSON.stringify(params) : new URLSearchParams(params).toString(),
  })
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() }
}

async function codeFor(sim: GitHubSim, extra: Record<string, string> = {}) {
  const { verifier, challenge } = pkcePair()
  const res = await authorize(sim, {
    client_id: CLIENT.id, redirect_uri: CLIENT.redirect, scope: 'read:user user:email admin:repo_hook repo', state: 'st-123',
    code_challenge: challenge, code_challenge_method: 'S256', ...extra,
  })
  return { code: res.location?.searchParams.get('code') ?? '', verifier, location: res.location }
}

t.test('full round trip with PKCE: code, token, then /user as that user', async (t) => {
  const sim = await startSim(t)
  const { code, verifier, location } = await codeFor(sim)
  t.equal(`${location?.origin}${location?.pathname}`, CLIENT.redirect, 'redirects to the callback')
  t.equal(location?.searchParams.get('state'), 'st-123', 'the same state comes back')
  t.match(code, /^[0-9a-f]{20}$/)
  const res = await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code, redirect_uri: CLIENT.redirect, code_verifier: verifier })
  t.equal(res.status, 200)
  const token = JSON.parse(res.text)
  t.match(token, { token_type: 'bearer', scope: 'read:user,user:email,admin:repo_hook,repo' })
  t.match(token.access_token, /^gho_/)
  const user = await api(sim, '/user', { token: token.access_token })
  t.equal(user.status, 200)
  t.equal(user.body.login, 'octocat')
  t.equal(user.headers.get('x-oauth-scopes'), 'read:user, user:email, admin:repo_hook, repo')
})

t.test('the form-encoded exchange answers form-encoded unless JSON is asked for', async (t) => {
  const sim = await startSim(t)
  const { code, verifier } = await codeFor(sim)
  const res = await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code, code_verifier: verifier }, 'form', '*/*')
  t.match(res.contentType, /application\/x-www-form-urlencoded/)
  const body = new URLSearchParams(res.text)
  t.match(body.get('access_token'), /^gho_/)
  t.equal(body.get('token_type'), 'bearer')
})

t.test('login= picks the user the authorize page signs in as; authorizeAs changes the default', async (t) => {
  const sim = await startSim(t)
  const signIn = async (extra: Record<string, string>) => {
    const { code, verifier } = await codeFor(sim, extra)
    const token = JSON.parse((await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code, code_verifier: verifier })).text).access_token
    return (await api(sim, '/user', { token })).body.login
  }
  t.equal(await signIn({ login: 'hubot' }), 'hubot')
  sim.control.authorizeAs('monalisa')
  t.equal(await signIn({}), 'monalisa')
  t.throws(() => sim.control.authorizeAs('nobody'), /no user "nobody"/)
})

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

/** The picker's form as a browser submits it: its hidden fields, and the user chosen. */
function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[name!] = value!.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
  return fields
}

t.test('a browser picks the user on the authorize page: GET shows the users, POST the choice, the code is that user\'s', async (t) => {
  const sim = await startSim(t)
  const { verifier, challenge } = pkcePair()
  const url = new URL('/login/oauth/authorize', sim.url)
  const params = { client_id: CLIENT.id, redirect_uri: CLIENT.redirect, scope: 'read:user repo', state: 'st-<b>&"', code_challenge: challenge, code_challenge_method: 'S256' }
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)

  const shown = await fetch(url, { headers: { accept: BROWSER_ACCEPT }, redirect: 'manual' })
  t.equal(shown.status, 200, 'a page, not a redirect')
  t.match(shown.headers.get('content-security-policy'), /default-src 'none'/, 'no script on it')
  const html = await shown.text()
  t.match(html, /<form method="post" action="\/login\/oauth\/authorize">/)
  t.match(html, /<label for="login">User<\/label> <select id="login" name="login">/, 'a select labelled User')
  for (const login of ['octocat', 'hubot', 'monalisa']) t.match(html, `<option value="${login}"`, `${login} is offered`)
  t.notMatch(html, 'value="octo-org"', 'organizations do not sign in')
  t.match(html, /<option value="octocat" selected>/, 'the authorize-as user is chosen first')
  t.match(html, /<button type="submit">Authorize<\/button>/)
  t.notMatch(html, '<b>', 'the state is escaped')
  t.same(formFields(html), params, 'the request comes back with the form')

  const chosen = await fetch(`${sim.url}/login/oauth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: BROWSER_ACCEPT },
    body: new URLSearchParams({ ...formFields(html), login: 'hubot' }).toString(),
    redirect: 'manual',
  })
  t.equal(chosen.status, 302)
  const back = new URL(chosen.headers.get('location') ?? '')
  t.equal(`${back.origin}${back.pathname}`, CLIENT.redirect)
  t.equal(back.searchParams.get('state'), params.state, 'the state comes back as sent')
  const token = JSON.parse((await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code: back.searchParams.get('code') ?? '', code_verifier: verifier })).text)
  t.equal((await api(sim, '/user', { token: token.access_token })).body.login, 'hubot', 'signed in as the user picked')

  const scripted = await codeFor(sim)
  const scriptedToken = JSON.parse((await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code: scripted.code, code_verifier: scripted.verifier })).text)
  t.equal((await api(sim, '/user', { token: scriptedToken.access_token })).body.login, 'octocat', 'a script that does not pick is still approved at once, as authorizeAs')
  const named = await fetch(`${url}&login=monalisa`, { headers: { accept: BROWSER_ACCEPT }, redirect: 'manual' })
  t.equal(named.status, 302, 'a browser whose request names login= is approved at once')
})

t.test('authorize picker bad input: an unknown or missing user, an organization, a bad request behind the form', async (t) => {
  const sim = await startSim(t)
  const post = async (fields: Record<string, string>) => {
    const res = await fetch(`${sim.url}/login/oauth/authorize`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' })
    return { status: res.status, location: res.headers.get('location'), text: await res.text() }
  }
  const base = { client_id: CLIENT.id, redirect_uri: CLIENT.redirect, state: 's' }
  for (const login of ['nobody', 'octo-org', '', '<script>']) {
    const res = await post({ ...base, login })
    t.equal(res.status, 422, `login "${login}" is refused`)
    t.match(res.text, 'No such user')
    t.notMatch(res.text, '<script>', 'nothing echoed unescaped')
  }
  t.equal((await post(base)).status, 422, 'no login at all')
  t.equal((await post({ client_id: 'nope', login: 'octocat' })).status, 404, 'an unknown client is still the 404 page')
  const mismatch = await post({ ...base, redirect_uri: 'http://evil.example/cb', login: 'octocat' })
  t.equal(mismatch.status, 302)
  t.match(mismatch.location, /error=redirect_uri_mismatch/, 'the redirect_uri is checked again at the POST')
  const pkce = await post({ ...base, code_challenge: 'short', login: 'octocat' })
  t.match(pkce.location, /error=invalid_request/)
  const twice = await fetch(`${sim.url}/login/oauth/authorize?client_id=${CLIENT.id}&state=a&state=b`, { headers: { accept: BROWSER_ACCEPT } })
  t.equal(twice.status, 200, 'a repeated parameter does not break the page')
})

t.test('a wrong or missing PKCE verifier is bad_verification_code (HTTP 200, as GitHub)', async (t) => {
  const sim = await startSim(t)
  const first = await codeFor(sim)
  const wrong = await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code: first.code, code_verifier: pkcePair().verifier })
  t.equal(wrong.status, 200)
  t.match(JSON.parse(wrong.text), { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' })
  const second = await codeFor(sim)
  const missing = await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code: second.code })
  t.equal(JSON.parse(missing.text).error, 'bad_verification_code')
})

t.test('a code is single-use', async (t) => {
  const sim = await startSim(t)
  const { code, verifier } = await codeFor(sim)
  const params = { client_id: CLIENT.id, client_secret: CLIENT.secret, code, code_verifier: verifier }
  t.ok(JSON.parse((await exchange(sim, params)).text).access_token)
  t.equal(JSON.parse((await exchange(sim, params)).text).error, 'bad_verification_code')
})

t.test('a code expires', async (t) => {
  const sim = await startSim(t, { codeTtlMs: 30 })
  const { code, verifier } = await codeFor(sim)
  await new Promise((resolve) => setTimeout(resolve, 60))
  const res = await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code, code_verifier: verifier })
  t.equal(JSON.parse(res.text).error, 'bad_verification_code')
})

t.test('a wrong client secret or unknown client is incorrect_client_credentials', async (t) => {
  const sim = await startSim(t)
  const { code, verifier } = await codeFor(sim)
  const wrong = JSON.parse((await exchange(sim, { client_id: CLIENT.id, client_secret: 'nope', code, code_verifier: verifier })).text)
  t.match(wrong, { error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' })
  t.match(wrong.error_uri, /^https:\/\/docs\.github\.com\//)
  const unknown = JSON.parse((await exchange(sim, { client_id: 'other', client_secret: CLIENT.secret, code, code_verifier: verifier })).text)
  t.equal(unknown.error, 'incorrect_client_credentials')
  // The failed attempts did not burn the code.
  t.ok(JSON.parse((await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code, code_verifier: verifier })).text).access_token)
})

t.test('a redirect_uri at the exchange that differs from the authorize one is redirect_uri_mismatch', async (t) => {
  const sim = await startSim(t)
  const { code, verifier } = await codeFor(sim)
  const res = JSON.parse((await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code, code_verifier: verifier, redirect_uri: 'http://localhost:8000/auth/other' })).text)
  t.equal(res.error, 'redirect_uri_mismatch')
})

t.test('the state is echoed verbatim so the client can reject a wrong one', async (t) => {
  const sim = await startSim(t)
  const weird = 'a b&c=d/é'
  const { location } = await codeFor(sim, { state: weird })
  t.equal(location?.searchParams.get('state'), weird)
  const noState = await authorize(sim, { client_id: CLIENT.id })
  t.equal(noState.location?.searchParams.has('state'), false, 'no state given, none returned')
})

t.test('authorize errors: unknown client 404 page, redirect mismatch, PKCE method, denial', async (t) => {
  const sim = await startSim(t)
  const unknown = await authorize(sim, { client_id: 'nope', redirect_uri: CLIENT.redirect })
  t.equal(unknown.status, 404)
  t.match(unknown.text, /client_id/)

  const mismatch = await authorize(sim, { client_id: CLIENT.id, redirect_uri: 'http://evil.example/cb', state: 's' })
  t.equal(mismatch.status, 302)
  t.equal(`${mismatch.location?.origin}${mismatch.location?.pathname}`, CLIENT.redirect, 'sent to the registered callback, not the bad one')
  t.equal(mismatch.location?.searchParams.get('error'), 'redirect_uri_mismatch')
  t.equal(mismatch.location?.searchParams.get('state'), 's')

  const below = await authorize(sim, { client_id: CLIENT.id, redirect_uri: `${CLIENT.redirect}/deeper` })
  t.ok(below.location?.searchParams.get('code'), 'a path below the callback is allowed')
  const otherPort = await authorize(sim, { client_id: CLIENT.id, redirect_uri: 'http://localhost:8001/auth/callback' })
  t.equal(otherPort.location?.searchParams.get('error'), 'redirect_uri_mismatch', 'another port is not')

  const plain = await authorize(sim, { client_id: CLIENT.id, code_challenge: pkcePair().challenge, code_challenge_method: 'plain' })
  t.equal(plain.location?.searchParams.get('error'), 'invalid_request')
  t.match(plain.location?.searchParams.get('error_description'), /S256/)
  const short = await authorize(sim, { client_id: CLIENT.id, code_challenge: 'abc', code_challenge_method: 'S256' })
  t.equal(short.location?.searchParams.get('error'), 'invalid_request')

  sim.control.setAuthorizeDecision('deny')
  const denied = await authorize(sim, { client_id: CLIENT.id, state: 'x' })
  t.equal(denied.location?.searchParams.get('error'), 'access_denied')
  t.equal(denied.location?.searchParams.get('code'), null)
})

t.test('loopback callbacks may use any port; apps can be added at run time', async (t) => {
  const sim = await startSim(t)
  sim.control.addOAuthApp({ clientId: 'cli', clientSecret: 'cli-secret', redirectUris: ['http://127.0.0.1/callback'] })
  const res = await authorize(sim, { client_id: 'cli', redirect_uri: 'http://127.0.0.1:53117/callback' })
  t.ok(res.location?.searchParams.get('code'))
  t.throws(() => sim.control.addOAuthApp({ clientId: 'x', clientSecret: 'y', redirectUris: [] }), /redirectUris must list at least one URL/)
})

t.test('the token carries only the requested scopes', async (t) => {
  const sim = await startSim(t)
  const { code, verifier } = await codeFor(sim, { scope: 'read:user' })
  const token = JSON.parse((await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code, code_verifier: verifier })).text).access_token
  const hooks = await api(sim, '/repos/octocat/hello-world/hooks', { token })
  t.equal(hooks.status, 404, 'no hook scope: hooks are hidden')
  const emails = await api(sim, '/user/emails', { token })
  t.equal(emails.status, 404, 'no user:email scope')
  const privateRepo = await api(sim, '/repos/octocat/private-notes', { token })
  t.equal(privateRepo.status, 404, 'no repo scope: private repos are hidden')
})

t.test('the app revokes a token it issued: DELETE /applications/{client_id}/token with Basic client credentials', async (t) => {
  const sim = await startSim(t)
  const { code, verifier } = await codeFor(sim)
  const token = JSON.parse((await exchange(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret, code, code_verifier: verifier })).text).access_token as string
  const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` })
  const revoke = (headers: Record<string, string>, body: unknown = { access_token: token }, clientId = CLIENT.id) =>
    api(sim, `/applications/${clientId}/token`, { method: 'DELETE', headers, body })

  t.equal((await revoke(basic(CLIENT.id, 'wrong-secret'))).status, 404, 'wrong client secret: Not Found, as GitHub')
  t.equal((await revoke({ authorization: `token ${token}` })).status, 404, 'the user token itself is no client credential')
  t.equal((await revoke(basic('Iv1.gwmlocal0000000001', 'gwm-local-app-client-secret'), { access_token: token }, 'Iv1.gwmlocal0000000001')).status, 404, 'another app cannot revoke it')
  t.equal((await revoke(basic(CLIENT.id, CLIENT.secret), {})).status, 422, 'access_token is required')
  t.notOk(sim.control.tokenRevoked(token))
  t.equal((await api(sim, '/user', { token })).status, 200, 'still valid')

  const res = await revoke(basic(CLIENT.id, CLIENT.secret))
  t.equal(res.status, 204)
  t.ok(sim.control.tokenRevoked(token), 'the simulator reports it revoked')
  const after = await api(sim, '/user', { token })
  t.equal(after.status, 401, 'a revoked token is Bad credentials')
  t.equal(after.body.message, 'Bad credentials')
  t.equal((await revoke(basic(CLIENT.id, CLIENT.secret))).status, 404, 'revoking it again: it no longer exists')
})
