import t from 'tap'
import { login } from './helpers/login.ts'
import { startWithGitHub } from './helpers/gateway.ts'

const { app, sim, config } = await startWithGitHub(t)

t.test('sign-in round trip through GitHub', async (t) => {
  const signedIn = await login(app, sim, 'octocat')
  t.equal(signedIn.landedOn, config.FRONTEND_URL)
  t.ok(signedIn.csrfToken)
})
