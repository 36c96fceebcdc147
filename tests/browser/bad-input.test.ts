import t from 'tap'
import { launchBrowser, missingBrowser } from './lib/browser.ts'
import { openFromNav, PATIENCE_MS, signedInPage, waitForStoredEvent } from './lib/console.ts'
import { push, REPO, sendPushes } from './lib/github.ts'
import { installProbes, statusTexts } from './lib/probes.ts'
import { startConsoleStack } from './lib/stack.ts'

// What goes wrong, seen from the browser: the session ends mid-page, the API answers 503 or
// 429, the live stream is cut, a payload is huge or deeply nested, and text from GitHub
// carries HTML and script. The console says what happened and offers the way on; nothing
// from GitHub ever runs as code.
const MARKER = 'xss-marker'
const SCRIPTED = `<script>alert('${MARKER}')</script><img src="x" onerror="console.log('${MARKER}')">`

const missing = missingBrowser()
if (missing) t.plan(0, missing)
else {
  const stack = await startConsoleStack(t)
  const browser = await launchBrowser(t)
  if (stack) {
    const { context, watched } = await signedInPage(browser, stack, 'octocat')
    const { page } = watched
    await openFromNav(page, 'Repositories')
    const repository = page.getByRole('row').or(page.getByRole('listitem')).filter({ hasText: REPO })
    await repository.getByRole('button', { name: 'Connect' }).click()
    await repository.getByRole('button', { name: 'Disconnect' }).waitFor({ timeout: PATIENCE_MS })

    t.test('a 503 from the API: a message and a retry, not a blank page', async (t) => {
      let refused = 0
      await page.route('**/api/events?*', async (route) => {
        refused++
        await route.fulfill({ status: 503, headers: { 'retry-after': '1' }, json: { error: 'service_unavailable', message: 'the database is not answering: try again shortly' } })
      }, { times: 1 })
      await openFromNav(page, 'Events')
      const retry = page.getByRole('button', { name: /retry|try again/i })
      await retry.waitFor({ timeout: PATIENCE_MS })
      t.equal(refused, 1, 'the list was answered 503 once')
      t.match(await page.getByRole('main').innerText(), /unavailable|not answering|try again/i, 'the page says the service did not answer')
      await retry.click()
      await page.getByRole('table', { name: 'Events' }).or(page.getByRole('main').getByText(/no events/i)).first().waitFor({ timeout: PATIENCE_MS })
      t.notOk(await retry.isVisible(), 'after the retry the events are shown and the message is gone')
    })

    t.test('a 429 from the API: a message and a retry', async (t) => {
      await page.route('**/user/repos*', (route) => route.fulfill({ status: 429, headers: { 'retry-after': '2' }, json: { error: 'rate_limited', message: 'too many requests: retry in 2 s' } }), { times: 1 })
      await openFromNav(page, 'Repositories')
      const retry = page.getByRole('button', { name: /retry|try again/i })
      await retry.waitFor({ timeout: PATIENCE_MS })
      t.match(await page.getByRole('main').innerText(), /too many|rate|retry/i, 'the page says why')
      await retry.click()
      await t.resolves(repository.waitFor({ timeout: PATIENCE_MS }), 'the retry shows the repositories')
    })

    t.test('the live stream is cut: the console says so, reconnects, and loses nothing', async (t) => {
      const live = await context.newPage()
      await installProbes(live)
      await live.goto(`${stack.consoleUrl}/events`)
      await live.getByRole('heading', { name: 'Events', level: 1 }).waitFor()
      const status = live.getByRole('status').filter({ hasText: /live|connected/i })
      await status.first().waitFor({ timeout: PATIENCE_MS })

      await stack.proxy.pause()
      // Pushed while the browser cannot reach the gateway: the resumed stream must bring it.
      const { deliveryId } = await push(stack, 'pushed while the stream was cut')
      await live.getByRole('status').filter({ hasText: /reconnect|offline|lost|interrupted/i }).first().waitFor({ timeout: PATIENCE_MS })
      await stack.proxy.resume()
      const row = live.getByRole('table', { name: 'Events' }).getByRole('row').filter({ hasText: deliveryId.slice(0, 8) })
      await row.first().waitFor({ timeout: PATIENCE_MS })
      t.equal(await row.count(), 1, 'the event pushed during the cut is listed once, without a reload')
      const texts = await statusTexts(live)
      t.ok(texts.some((text) => /reconnect|offline|lost|interrupted/i.test(text)), `the status said the stream was cut (${texts.join(' → ')})`)
      t.match(texts.at(-1), /live|connected/i, 'and that it is live again')
      await live.close()
    })

    t.test('HTML and script from GitHub are shown as text, never run', async (t) => {
      const { deliveryId } = await push(stack, `release notes ${SCRIPTED}`)
      await page.goto(`${stack.consoleUrl}/events/${deliveryId}`)
      await page.getByRole('heading', { name: `Event ${deliveryId}`, level: 1 }).waitFor({ timeout: PATIENCE_MS })
      // The payload viewer writes strings as JSON (a double quote escaped): the part before one.
      const shown = page.getByText(`release notes <script>alert('${MARKER}')</script>`, { exact: false })
      await t.resolves(shown.first().waitFor({ timeout: PATIENCE_MS }), 'the commit message is shown, tags and all, as text')
      await page.goto(`${stack.consoleUrl}/events`)
      await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor()
      await page.waitForTimeout(500)
      t.same(watched.dialogs, [], 'no script opened a dialog')
      t.notOk(watched.consoleMessages.some((message) => message.includes(MARKER)), 'no injected handler ran')
      t.equal(await page.locator(`img[src="x"]`).count(), 0, 'no element was made from the text')
    })

    t.test('a huge and a deeply nested payload open, and the page stays usable', async (t) => {
      const nested = (depth: number): unknown => (depth === 0 ? 'the bottom' : { deeper: nested(depth - 1) })
      const [huge, deep] = await sendPushes(stack, [
        (payload) => ({ ...payload, after: 'b'.repeat(40), commits: Array.from({ length: 20 }, (_, i) => ({ ...(payload.head_commit as object), id: `${i}`.padStart(40, 'e'), message: 'x'.repeat(200_000) })) }),
        (payload) => ({ ...payload, after: 'c'.repeat(40), head_commit: { ...(payload.head_commit as object), nested: nested(900) } }),
      ])
      for (const [what, id] of [['a 4 MB payload', huge!], ['a payload nested 900 levels', deep!]] as const) {
        await waitForStoredEvent(page, stack, id)
        await page.goto(`${stack.consoleUrl}/events/${id}`)
        await page.getByRole('heading', { name: `Event ${id}`, level: 1 }).waitFor({ timeout: PATIENCE_MS })
        await t.resolves(openFromNav(page, 'Events'), `${what}: the event opens and the console still answers`)
      }
      t.same(watched.pageErrors, [], 'no script error')
    })

    t.test('the session ends mid-page: a clear signed-out state, no loop', async (t) => {
      await page.goto(`${stack.consoleUrl}/events`)
      await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor()
      const asked: string[] = []
      page.on('request', (request) => asked.push(new URL(request.url()).pathname))
      await context.clearCookies()
      const signedOut = page.getByRole('heading', { name: 'Sign in', level: 1 }).or(page.getByText(/signed out|session (has )?expired/i)).first()
      // The page's own live requests may find the session gone first: the signed-out state then
      // replaces the navigation before the click lands, which is the same outcome.
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Repositories' })
        .click({ timeout: 5_000 })
        .catch(() => undefined)
      await signedOut.waitFor({ timeout: PATIENCE_MS })
      await t.resolves(page.getByRole('main').getByRole('link', { name: /sign in/i }).or(page.getByRole('main').getByRole('button', { name: /sign in/i })).first().waitFor(), 'it offers to sign in again')
      const settled = asked.length
      await page.waitForTimeout(3_000)
      t.ok(asked.length - settled <= 1, `no requests in a loop once signed out (${asked.length - settled} more in 3 s: ${asked.slice(settled).join(', ')})`)
      t.notOk(asked.includes('/auth/login'), 'the console did not send the browser to GitHub by itself')
    })
  }
}
