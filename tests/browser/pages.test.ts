import type { Page } from 'playwright-core'
import t from 'tap'
import { firstLoadScripts, writeBudgets } from './lib/budgets.ts'
import { launchBrowser, missingBrowser } from './lib/browser.ts'
import { openFromNav, PATIENCE_MS, signedInPage, waitForStoredEvent } from './lib/console.ts'
import { push, REPO, sendPushes } from './lib/github.ts'
import { lookAt } from './lib/look.ts'
import { eventsRenderMs, installProbes, openMs } from './lib/probes.ts'
import { startConsoleStack } from './lib/stack.ts'

// Every page of the console: axe finds no serious or critical violation, at 1280 and 390
// pixels wide, light and dark, and a screenshot of each lands in test-output/screenshots/.
// Then the budgets, measured in the browser: the first load's compressed JavaScript (held
// to 150 KB), the events page rendering 100 rows and a 1 MB payload opening (printed and
// written to test-output/budgets.json: timings on a shared machine are a report, not a gate).
const KB = 1024
const JS_BUDGET_BYTES = 150 * KB

const missing = missingBrowser()
if (missing) t.plan(0, missing)
else {
  const stack = await startConsoleStack(t)
  const browser = await launchBrowser(t)
  if (stack) {
    t.test('every page: accessible, at two widths, light and dark', async (t) => {
      const signedOut = await browser.newContext({ viewport: { width: 1280, height: 900 } })
      const welcome = await signedOut.newPage()
      await welcome.goto(`${stack.consoleUrl}/signin`)
      await welcome.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor()
      await lookAt(t, welcome, 'signin')
      await signedOut.close()

      const { watched } = await signedInPage(browser, stack, 'octocat')
      const { page } = watched
      await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor()
      await lookAt(t, page, 'account')
      await openFromNav(page, 'Events')
      await page.getByRole('heading', { name: 'No events yet' }).waitFor({ timeout: PATIENCE_MS })
      t.match(await page.getByRole('main').innerText(), /connect a repository.*\n.*push/i, 'the empty events page says how to send the first event')
      await lookAt(t, page, 'events-empty')

      await openFromNav(page, 'Repositories')
      const repository = page.getByRole('row').or(page.getByRole('listitem')).filter({ hasText: REPO })
      await repository.getByRole('button', { name: 'Connect' }).click()
      await repository.getByRole('button', { name: 'Disconnect' }).waitFor({ timeout: PATIENCE_MS })
      await lookAt(t, page, 'repositories')

      const { deliveryId } = await push(stack, 'pages: a commit to look at')
      await openFromNav(page, 'Events')
      const row = page.getByRole('table', { name: 'Events' }).getByRole('row').filter({ hasText: deliveryId.slice(0, 8) })
      await row.waitFor({ timeout: PATIENCE_MS })
      await lookAt(t, page, 'events')
      await row.getByRole('link').first().click()
      await page.getByRole('heading', { name: `Event ${deliveryId}`, level: 1 }).waitFor()
      await page.getByRole('table', { name: /attempts/i }).getByRole('row').filter({ has: page.getByRole('cell', { name: /^2\d\d$/ }) }).first().waitFor({ timeout: PATIENCE_MS })
      await lookAt(t, page, 'event')
      t.same(watched.pageErrors, [], 'no script error on any page')
    })

    t.test('budgets, measured in the browser', async (t) => {
      const { context, watched } = await signedInPage(browser, stack, 'octocat')
      const { page } = watched
      const budgets: Record<string, unknown> = {}

      const fresh = await browser.newContext({ storageState: await context.storageState() })
      const scripts = await firstLoadScripts(fresh, `${stack.consoleUrl}/events`)
      await fresh.close()
      budgets.firstLoadJavaScript = scripts
      t.comment(`first load: ${scripts.files} scripts, ${(scripts.compressedBytes / KB).toFixed(1)} KB compressed (${scripts.servedCompressed ? 'as served' : 'gzip of the files: the gateway sends them uncompressed'}), ${(scripts.rawBytes / KB).toFixed(1)} KB raw`)
      t.ok(scripts.files > 0, 'the console loads its scripts')
      t.ok(scripts.compressedBytes < JS_BUDGET_BYTES, `first load under 150 KB of compressed JavaScript (${(scripts.compressedBytes / KB).toFixed(1)} KB)`)

      // 100 events of the connected repository: one real push, 99 more deliveries like it.
      await sendPushes(stack, Array.from({ length: 100 }, (_, i) => (payload) => ({ ...payload, after: `${i.toString(16).padStart(4, '0')}${String(payload.after).slice(4)}` })))
      await waitForEvents(page, stack.consoleUrl, 100)
      const measured = await context.newPage()
      await installProbes(measured)
      const rendered = await eventsRenderMs(measured, `${stack.consoleUrl}/events`, 100)
      await measured.close()
      budgets.eventsPageRows = rendered.rows
      budgets.eventsPageRenderMs = Math.round(rendered.ms)
      t.comment(`the events page rendered ${rendered.rows} rows in ${rendered.ms.toFixed(0)} ms after the list arrived (budget: 100 rows in 100 ms${rendered.rows < 100 ? `; the console shows ${rendered.rows} a page` : ''})`)

      // A push whose payload is over 1 MB: twenty commits touching 1,200 files each.
      const marker = `megabyte-${Date.now()}`
      let payloadBytes = 0
      const [big] = await sendPushes(stack, [
        (payload) => {
          const commits = Array.from({ length: 20 }, (_, i) => ({ ...(payload.head_commit as object), id: `${i}`.padStart(40, 'f'), modified: Array.from({ length: 1200 }, (_, j) => `src/module-${i}/a-rather-long-file-name-${j}.ts`) }))
          const big = { ...payload, ref: `refs/heads/${marker}`, commits }
          payloadBytes = Buffer.byteLength(JSON.stringify(big))
          return big
        },
      ])
      t.ok(payloadBytes > 1024 * 1024, `the payload is over 1 MB (${(payloadBytes / 1024 / 1024).toFixed(2)} MB)`)
      await waitForStoredEvent(page, stack, big!)
      await page.goto(`${stack.consoleUrl}/events`)
      await page.getByRole('table', { name: 'Events' }).getByRole('row').filter({ hasText: big!.slice(0, 8) }).waitFor({ timeout: PATIENCE_MS })
      const openedMs = await openMs(page, big!.slice(0, 8), marker)
      budgets.megabytePayload = { bytes: payloadBytes, openMs: Math.round(openedMs) }
      t.comment(`a ${(payloadBytes / 1024 / 1024).toFixed(2)} MB payload opened in ${openedMs.toFixed(0)} ms from the click (budget 300 ms)`)
      await page.getByRole('heading', { name: `Event ${big}`, level: 1 }).waitFor()

      writeBudgets(budgets)
      t.same(watched.pageErrors, [], 'no script error')
    })
  }
}

/** Until the events API lists `count` events to the user signed in on `page`. */
async function waitForEvents(page: Page, consoleUrl: string, count: number): Promise<void> {
  const deadline = Date.now() + PATIENCE_MS
  while (Date.now() < deadline) {
    const res = await page.request.get(`${consoleUrl}/api/events?limit=${count}`)
    if (res.ok() && ((await res.json()) as { events: unknown[] }).events.length >= count) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the events API did not list ${count} events within ${PATIENCE_MS / 1000} s`)
}
