import type { Browser, BrowserContext, Page } from 'playwright-core'
import { installProbes } from './probes.ts'
import type { ConsoleStack } from './stack.ts'

/** Long enough for a busy machine; a person would not wait longer. */
export const PATIENCE_MS = 20_000

/** A page with the probes (probes.ts) that remembers every dialog it opened and every console message (for the script-injection checks). */
export interface WatchedPage {
  page: Page
  dialogs: string[]
  consoleMessages: string[]
  pageErrors: string[]
}

async function watch(page: Page): Promise<WatchedPage> {
  await installProbes(page)
  const watched: WatchedPage = { page, dialogs: [], consoleMessages: [], pageErrors: [] }
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  page.on('console', (message) => watched.consoleMessages.push(message.text()))
  page.on('pageerror', (error) => watched.pageErrors.push(error.message))
  return watched
}

/**
 * Signs `login` in as a person would: the console's sign-in page, its "Sign in" link or button,
 * then the simulator's authorize page (pick the user, "Authorize"), back to the console.
 */
async function signIn(page: Page, stack: ConsoleStack, login: string): Promise<void> {
  await page.goto(`${stack.consoleUrl}/signin`)
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor({ timeout: PATIENCE_MS })
  await page.getByRole('main').getByRole('link', { name: /sign in/i }).or(page.getByRole('main').getByRole('button', { name: /sign in/i })).first().click()
  await page.waitForURL((url) => url.href.startsWith(stack.githubUrl) || (url.href.startsWith(stack.consoleUrl) && !url.pathname.startsWith('/auth/')), { timeout: PATIENCE_MS })
  if (page.url().startsWith(stack.githubUrl)) {
    const picker = page.getByLabel('User')
    if ((await picker.evaluate((element) => element.tagName)) === 'SELECT') await picker.selectOption(login)
    else await picker.fill(login)
    await page.getByRole('button', { name: 'Authorize' }).click()
    await page.waitForURL((url) => url.href.startsWith(stack.consoleUrl) && !url.pathname.startsWith('/auth/'), { timeout: PATIENCE_MS })
  }
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: PATIENCE_MS })
}

/** A browser context of its own (cookies apart) with `login` signed in, and its first page. */
export async function signedInPage(browser: Browser, stack: ConsoleStack, login: string, width = 1280): Promise<{ context: BrowserContext; watched: WatchedPage }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } })
  const watched = await watch(await context.newPage())
  await signIn(watched.page, stack, login)
  return { context, watched }
}

/** Until the events API shows the event to the user signed in on `page`. */
export async function waitForStoredEvent(page: Page, stack: ConsoleStack, deliveryId: string): Promise<void> {
  const deadline = Date.now() + PATIENCE_MS
  while (Date.now() < deadline) {
    if ((await page.request.get(`${stack.consoleUrl}/api/events/${deliveryId}`)).status() === 200) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`event ${deliveryId} was not stored within ${PATIENCE_MS / 1000} s`)
}

/** Opens a page from the console's main navigation ("Events", "Repositories") and waits for its heading. */
export async function openFromNav(page: Page, name: 'Events' | 'Repositories'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click()
  await page.getByRole('heading', { name, level: 1 }).waitFor({ timeout: PATIENCE_MS })
}
