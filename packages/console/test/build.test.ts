import { readdir, readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import t from 'tap'

// `npm test` builds the console before the tests (scripts/test-all.ts); alone: `npm run build:console`.
const dist = new URL('../dist/', import.meta.url)
const src = new URL('../src/', import.meta.url)
const BUDGET_BYTES = 150 * 1024

const page = await readFile(new URL('index.html', dist), 'utf8').catch(() => {
  throw new Error('packages/console/dist/index.html is missing: run `npm run build:console` first')
})

t.test('the page runs no inline script or style and loads nothing from elsewhere (the gateway\'s CSP)', async (t) => {
  const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
  t.ok(scripts.length > 0, 'it has its script')
  for (const [, attributes = '', body = ''] of scripts) {
    t.match(attributes, /\bsrc="\/assets\/[^"]+\.js"/, 'each script is a file of the console')
    t.equal(body.trim(), '', 'with nothing inline')
  }
  t.notMatch(page, /<style\b/, 'no inline style element')
  t.notMatch(page, /\sstyle=/, 'no style attribute')
  t.notMatch(page, /\son[a-z]+=/i, 'no inline event handler')
  t.notMatch(page, /(src|href)="(https?:)?\/\//, 'nothing from another origin (no CDN)')
})

t.test('the first load stays within its budget of compressed JavaScript', async (t) => {
  const assets = await readdir(new URL('assets/', dist))
  const js = assets.filter((name) => name.endsWith('.js'))
  let total = 0
  for (const name of js) total += gzipSync(await readFile(new URL(`assets/${name}`, dist))).length
  t.ok(total < BUDGET_BYTES, `${(total / 1024).toFixed(1)} KB of gzipped JavaScript (budget 150 KB)`)
})

t.test('the console never turns data into markup', async (t) => {
  const files = (await readdir(src, { recursive: true })).filter((name) => /\.tsx?$/.test(name))
  t.ok(files.length > 10)
  for (const name of files) {
    const text = await readFile(new URL(name, src), 'utf8')
    t.notMatch(text, /dangerouslySetInnerHTML|\.innerHTML|outerHTML|insertAdjacentHTML|document\.write/, `${name} writes no HTML`)
  }
})
