import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { BrowserContext } from 'playwright-core'
import { OUTPUT_DIR } from './look.ts'

export interface ScriptWeight {
  files: number
  /** Bytes of JavaScript as the browser ran them. */
  rawBytes: number
  /** Bytes on the wire: the transfer size when the server compressed, else what gzip makes of each file. */
  compressedBytes: number
  /** Whether the server sent the scripts compressed (content-encoding gzip or br). */
  servedCompressed: boolean
}

/** Every script a first visit of `url` loads (an empty cache), until the page is idle. */
export async function firstLoadScripts(context: BrowserContext, url: string): Promise<ScriptWeight> {
  const page = await context.newPage()
  const scripts: Array<Promise<{ raw: number; compressed: number; encoded: boolean }>> = []
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return
    scripts.push((async () => {
      const body = await response.body()
      const encoding = (await response.headerValue('content-encoding')) ?? ''
      const encoded = /gzip|br|zstd/.test(encoding)
      const compressed = encoded ? (await response.request().sizes()).responseBodySize : gzipSync(body).length
      return { raw: body.length, compressed, encoded }
    })())
  })
  await page.goto(url, { waitUntil: 'networkidle' })
  const weights = await Promise.all(scripts)
  await page.close()
  return {
    files: weights.length,
    rawBytes: weights.reduce((sum, weight) => sum + weight.raw, 0),
    compressedBytes: weights.reduce((sum, weight) => sum + weight.compressed, 0),
    servedCompressed: weights.length > 0 && weights.every((weight) => weight.encoded),
  }
}

/** Writes the measured budgets to test-output/budgets.json. */
export function writeBudgets(budgets: Record<string, unknown>): void {
  mkdirSync(OUTPUT_DIR, { recursive: true })
  writeFileSync(join(OUTPUT_DIR, 'budgets.json'), `${JSON.stringify(budgets, null, 2)}\n`)
}
