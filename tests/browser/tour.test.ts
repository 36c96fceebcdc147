import { createServer } from 'node:http'
import t from 'tap'
import { launchBrowser, missingBrowser } from './lib/browser.ts'
import { openFromNav, PATIENCE_MS, signedInPage } from './lib/console.ts'
import { push, REPO } from './lib/github.ts'
import { markDocument, sameDocument } from './lib/probes.ts'
import { startConsoleStack } from './lib/stack.ts'

// The console as a person uses it, in Debian's Chromium against the stack `npm start` runs:
// sign in through the simulator, connect a repository, push, watch the event arrive live,
// open it, see the callback's attempt, replay it, see the second attempt; another person
// signed in beside sees none of it.
const missing = missingBrowser()
if (missing) t.plan(0, missing)
else {
  // Traced, to a collector that takes every export: the event page names the delivery's trace.
  const collector = createServer((req, res) => req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}')))
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve))
  t.teardown(() => collector.close())
  const { port } = collector.address() as { port: number }
  const stack = await startConsoleStack(t, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` })
  const browser = await launchBrowser(t)
  if (stack) {
    let deliveryId = ''

    t.test('the tour: sign in, connect, push, see it live, open it, replay it', async (t) => {
      const { watched } = await signedInPage(browser, stack, 'octocat')
      const { page } = watched

      await markDocument(page)
      await openFromNav(page, 'Repositories')
      const repository = page.getByRole('row').or(page.getByRole('listitem')).filter({ hasText: REPO })
      await repository.getByRole('button', { name: 'Connect' }).click()
      await repository.getByRole('button', { name: 'Disconnect' }).waitFor({ timeout: PATIENCE_MS })
      t.pass(`${REPO} connected with one click`)

      await openFromNav(page, 'Events')
      await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor()
      await page.getByRole('status').filter({ hasText: 'Live updates: on' }).waitFor({ timeout: PATIENCE_MS })
      const events = page.getByRole('table', { name: 'Events' })

      const pushed = await push(stack, 'tour: ship it')
      deliveryId = pushed.deliveryId
      const row = events.getByRole('row').filter({ hasText: deliveryId.slice(0, 8) })
      await row.waitFor({ timeout: PATIENCE_MS })
      t.ok(await sameDocument(page), 'the push appeared without a reload')
      t.match(await row.innerText(), /push/, 'the row names the event')

      await row.getByRole('link').first().click()
      await page.getByRole('heading', { name: `Event ${deliveryId}`, level: 1 }).waitFor({ timeout: PATIENCE_MS })
      t.match(page.url(), `/events/${deliveryId}`, 'the event has an address of its own')
      t.match(await page.locator('dt:text-is("Trace") + dd').textContent(), /^[0-9a-f]{32}$/, "the delivery's trace id")
      const attempts = page.getByRole('table', { name: /attempts/i })
      await attempts.getByRole('row').filter({ has: page.getByRole('cell', { name: /^2\d\d$/ }) }).first().waitFor({ timeout: PATIENCE_MS })
      t.equal(await attempts.getByRole('row').filter({ has: page.getByRole('cell', { name: /^2\d\d$/ }) }).count(), 1, "the callback's first attempt, answered 2xx")

      await page.getByRole('button', { name: 'Replay', exact: true }).click()
      await t.resolves(attempts.getByRole('row').filter({ has: page.getByRole('cell', { name: /^2\d\d$/ }) }).nth(1).waitFor({ timeout: PATIENCE_MS }), 'the replay made a second attempt, shown without a reload')

      await page.getByRole('button', { name: 'Replay request' }).click({ timeout: PATIENCE_MS })
      await t.resolves(page.getByRole('status').filter({ hasText: 'this request is pending again' }).waitFor({ timeout: PATIENCE_MS }), 'the request replay answered')
      await t.resolves(attempts.getByRole('row').filter({ has: page.getByRole('cell', { name: /^2\d\d$/ }) }).nth(2).waitFor({ timeout: PATIENCE_MS }), 'replaying the one request made a third attempt, shown without a reload')
      t.ok(await sameDocument(page), 'still the same document')
      t.same(watched.pageErrors, [], 'no script error on the way')
    })

    t.test("another person signed in beside sees none of the first one's events", async (t) => {
      if (!deliveryId) {
        t.fail('the tour did not push: nothing to hide')
        return
      }
      const { watched } = await signedInPage(browser, stack, 'monalisa')
      const { page } = watched
      await openFromNav(page, 'Events')
      await page.getByRole('table', { name: 'Events' }).or(page.getByRole('status')).first().waitFor()
      t.equal(await page.getByText(deliveryId.slice(0, 8)).count(), 0, "octocat's push is not listed")

      await page.goto(`${stack.consoleUrl}/events/${deliveryId}`)
      await t.resolves(page.getByRole('heading', { name: 'Event not found', level: 1 }).waitFor({ timeout: PATIENCE_MS }), "the event's own address says there is no such event")
      t.notMatch(await page.getByRole('main').innerText(), 'tour: ship it', 'and shows nothing of it')
    })
  }
}
