// Everything `npm test` runs: type-check, the lint stage (biome; the import rules of
// .dependency-cruiser.cjs; unused files, exports and dependencies by knip.jsonc), then every tap
// test file in the repo. Prints the runner's own counts as the last line: "N passed, N failed".
// A failed check fails the run and is named above that line.
import { spawn } from 'node:child_process'
import { globSync, readFileSync } from 'node:fs'

function run(command: string, args: string[], capture = false): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit' })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString()
      output += text
      process.stdout.write(text)
    })
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

// `--lint-only`: just the lint stage (biome, the import rules, unused code), no type-check or tests.
const lintOnly = process.argv.includes('--lint-only')
/** Everything dependency-cruiser checks (bench/results and node_modules are excluded in its config). */
const CRUISED = ['services', 'packages', 'scripts', 'tests', 'bench', 'deploy']

const extra = process.argv.slice(2).filter((arg) => arg !== '--lint-only')
const checks: Array<[string, number]> = []
if (extra.length === 0 && !lintOnly) {
  console.log('> tsc (type-check)')
  checks.push(['type-check', (await run('tsc', ['-p', 'tsconfig.json'])).code])
  // The console is a browser app (DOM, JSX) with a configuration of its own.
  checks.push(['type-check (console)', (await run('tsc', ['-p', 'packages/console/tsconfig.json'])).code])
}
if (extra.length === 0 || lintOnly) {
  console.log('> biome lint')
  checks.push(['lint', (await run('biome', ['lint', '--diagnostic-level=error', '.'])).code])
  // The same commands as package.json's lint:deps and lint:unused.
  console.log('> dependency-cruiser (import rules: .dependency-cruiser.cjs)')
  checks.push(['import rules (dependency-cruiser)', (await run('depcruise', ['--config', '.dependency-cruiser.cjs', ...CRUISED])).code])
  console.log('> knip (unused files, exports and dependencies: knip.jsonc)')
  checks.push(['unused code (knip)', (await run('knip', ['--no-progress'])).code])
}
if (lintOnly) {
  for (const [name, code] of checks) if (code !== 0) console.log(`${name} failed (exit ${code})`)
  const failed = checks.filter(([, code]) => code !== 0).length
  console.log(`lint stage: ${checks.length - failed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

// tap may have rebuilt its plugin set with the TypeScript loader (a run outside this script
// can do that); the build without it is restored first, at no cost when it is in place.
await run(process.execPath, [new URL('./build-tap.mjs', import.meta.url).pathname])
// The web console is built from its sources before the tests, so a clean tree has
// packages/console/dist for the tests that check it and for the browser tests that load it.
console.log('> vite build (packages/console)')
checks.push(['console build', (await run('pnpm', ['--silent', '--filter', '@gwm/console', 'build', '--logLevel', 'warn'])).code])
// The fault and browser files each start a whole stack (several services, their own Redis, a
// browser) and hold it to deadlines: three of them beside each other on a small machine made
// a run fail on timing now and then. They run after the rest, two at a time.
const HEAVY = ['tests/faults/', 'tests/browser/']
const groups: Array<{ name: string; args: string[] }> = []
if (extra.length > 0) groups.push({ name: 'tap', args: extra })
else {
  const include = (JSON.parse(readFileSync('package.json', 'utf8')) as { tap: { include: string[] } }).tap.include
  const files = include.flatMap((pattern) => globSync(pattern)).sort()
  const heavy = files.filter((file) => HEAVY.some((dir) => file.startsWith(dir)))
  groups.push({ name: 'tap', args: files.filter((file) => !heavy.includes(file)) })
  groups.push({ name: 'tap (faults and browser, two at a time)', args: ['--jobs=2', ...heavy] })
}
let passed = 0
let failed = 0
let tapOk = true
for (const group of groups) {
  console.log(`> ${group.name}`)
  const tap = await run('tap', ['--reporter=terse', ...group.args], true)
  const summary = tap.output.match(/# \{ total: (\d+)(?:, pass: (\d+))?(?:, fail: (\d+))?[^}]*\}/)
  passed += Number(summary?.[2] ?? 0)
  failed += Number(summary?.[3] ?? 0)
  if (!summary) {
    console.log(`${group.name} printed no summary: counting the run as failed`)
    failed++
  }
  tapOk &&= tap.code === 0 && summary !== null
}

for (const [name, code] of checks) if (code !== 0) console.log(`${name} failed (exit ${code})`)
const ok = tapOk && checks.every(([, code]) => code === 0) && passed > 0
console.log(`${passed} passed, ${failed} failed`)
process.exit(ok ? 0 : 1)
