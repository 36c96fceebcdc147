import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import type { Test } from 'tap'

/** Debian's Chromium (package chromium); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/**
 * Flags for a headless Chromium on a machine with no outside network: no sandbox (tests may
 * run as root), and none of the background calls to Google's hosts it would otherwise make.
 * playwright-core gives each launch a fresh profile of its own.
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Why the browser tests cannot run here, or undefined when they can. */
export function missingBrowser(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined
  return `no Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH`
}

/** One headless Chromium for the test file, closed at teardown. */
export async function launchBrowser(t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS })
  t.teardown(() => browser.close())
  return browser
}
