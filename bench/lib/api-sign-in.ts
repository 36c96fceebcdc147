// Signing in to a gateway process through the GitHub simulator over HTTP, as a browser does.

/** The Cookie header of a signed-in session, and its CSRF token. */
export interface Session {
  cookie: string
  csrfToken: string
}

function keepCookies(jar: Map<string, string>, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';')
    const at = pair.indexOf('=')
    const name = pair.slice(0, at).trim()
    const value = pair.slice(at + 1).trim()
    if (value === '' || /max-age=0/i.test(line)) jar.delete(name)
    else jar.set(name, value)
  }
}

/** GET /auth/login, the simulator's authorize page as `login`, then the gateway's callback. */
export async function signIn(gatewayUrl: string, login: string): Promise<Session> {
  const jar = new Map<string, string>()
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  const get = async (path: string) => {
    const res = await fetch(`${gatewayUrl}${path}`, { redirect: 'manual', headers: { cookie: cookie() } })
    keepCookies(jar, res)
    return res
  }
  const start = await get('/auth/login')
  const authorize = new URL(start.headers.get('location') ?? '')
  if (start.status !== 302) throw new Error(`/auth/login answered ${start.status}`)
  authorize.searchParams.set('login', login)
  const github = await fetch(authorize, { redirect: 'manual' })
  const back = github.headers.get('location')
  if (github.status !== 302 || !back) throw new Error(`the simulator's authorize page answered ${github.status}: ${await github.text()}`)
  const callback = new URL(back)
  const done = await get(`${callback.pathname}${callback.search}`)
  if (done.status !== 302) throw new Error(`/auth/callback answered ${done.status}: ${await done.text()}`)
  const session = await get('/auth/session')
  if (session.status !== 200) throw new Error(`/auth/session answered ${session.status}`)
  const body = (await session.json()) as { csrfToken: string }
  return { cookie: cookie(), csrfToken: body.csrfToken }
}
