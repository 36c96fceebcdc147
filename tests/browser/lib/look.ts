import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import type { Test } from 'tap'

/** test-output/ at the repository's root (ignored by git): what a person looks at after a run. */
export const OUTPUT_DIR = join(import.meta.dirname, '..', '..', '..', 'test-output')

const WIDTHS = [1280, 390] as const
const SCHEMES = ['light', 'dark'] as const

// What a colour scheme changes: the rest of axe's rules read the same page in light and dark.
const COLOUR_RULES = ['color-contrast', 'link-in-text-block']

/** Serious and critical axe findings on the page as it is now (only the colour rules: `colours`), one line each. */
async function seriousViolations(page: Page, colours = false): Promise<string[]> {
  const axe = new AxeBuilder({ page })
  const { violations } = await (colours ? axe.withRules(COLOUR_RULES) : axe).analyze()
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join('; ')})`)
}

/**
 * The page at a desktop and a phone width, in light and dark: a full-page screenshot of each
 * under test-output/screenshots/<name>-<width>-<scheme>.png, and axe on each (no serious or
 * critical violation; in dark, of the rules colours decide). Leaves the page at 1280 pixels, light.
 */
export async function lookAt(t: Test, page: Page, name: string): Promise<void> {
  const dir = join(OUTPUT_DIR, 'screenshots')
  mkdirSync(dir, { recursive: true })
  const height = page.viewportSize()?.height ?? 900
  for (const width of WIDTHS) {
    for (const colorScheme of SCHEMES) {
      await page.setViewportSize({ width, height })
      await page.emulateMedia({ colorScheme })
      await page.screenshot({ path: join(dir, `${name}-${width}-${colorScheme}.png`), fullPage: true })
      t.same(await seriousViolations(page, colorScheme === 'dark'), [], `${name} at ${width} px, ${colorScheme}: no serious or critical axe violation${colorScheme === 'dark' ? ' of contrast' : ''}`)
    }
  }
  await page.setViewportSize({ width: 1280, height })
  await page.emulateMedia({ colorScheme: 'light' })
}
