import { join } from 'node:path'
import type { Page } from 'playwright-core'

/** What page-probes.js keeps in each page (window.probes). */
interface Probes {
  marked: boolean
  statusTexts: string[]
  rowsRenderedAt: number | undefined
  rowsRendered: number
  eventsAnsweredAt: number | undefined
  timeOpen(linkText: string, text: string): Promise<number>
}

/** The page's global object, as page-probes.js leaves it (functions run in the page refer to it by this type). */
type Probed = { probes: Probes }

/** Loads page-probes.js into every document the page opens from now on. */
export function installProbes(page: Page): Promise<unknown> {
  return page.addInitScript({ path: join(import.meta.dirname, 'page-probes.js') })
}

/** Marks the page's current document; `sameDocument` tells later whether it is still the one shown. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    ;(globalThis as unknown as Probed).probes.marked = true
  })
}

export const sameDocument = (page: Page): Promise<boolean> => page.evaluate(() => (globalThis as unknown as Probed).probes.marked)

/** Every text the page's role="status" regions showed since the document loaded. */
export const statusTexts = (page: Page): Promise<string[]> => page.evaluate(() => (globalThis as unknown as Probed).probes.statusTexts)

/**
 * Opens `url` and measures, in the page, the milliseconds between the events list's answer
 * reaching the browser and its rows being in the document: `rows` of them, or a full page of
 * the console's page size when that is smaller (then `rows` in the result says how many).
 */
export async function eventsRenderMs(page: Page, url: string, rows: number): Promise<{ ms: number; rows: number }> {
  await page.goto(url)
  await page.evaluate(`sessionStorage.setItem('probes.rowsWanted', '${rows}')`)
  await page.reload()
  await page.waitForFunction(() => (globalThis as unknown as Probed).probes.rowsRenderedAt !== undefined, undefined, { timeout: 20_000 })
  const probes = await page.evaluate(() => {
    const { rowsRenderedAt, rowsRendered, eventsAnsweredAt } = (globalThis as unknown as Probed).probes
    return { rowsRenderedAt, rowsRendered, eventsAnsweredAt }
  })
  if (probes.rowsRenderedAt === undefined || probes.eventsAnsweredAt === undefined) throw new Error('the page did not ask /api/events before showing its rows')
  return { ms: probes.rowsRenderedAt - probes.eventsAnsweredAt, rows: probes.rowsRendered }
}

/** Clicks the link whose text contains `linkText`; the milliseconds until the main region shows `text` (measured in the page). */
export const openMs = (page: Page, linkText: string, text: string): Promise<number> =>
  page.evaluate(([link, shown]) => (globalThis as unknown as Probed).probes.timeOpen(link, shown), [linkText, text] as const)
