// Everything `npm test` runs: type-check, lint, then every tap test file in the repo.
// Prints the runner's own counts as the last line: "N passed, N failed".
import { spawn } from 'node:child_process'

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

const extra = process.argv.slice(2)
const checks: Array<[string, number]> = []
if (extra.length === 0) {
  console.log('> tsc (type-check)')
  checks.push(['type-check', (await run('tsc', ['-p', 'tsconfig.json'])).code])
  console.log('> biome lint')
  checks.push(['lint', (await run('biome', ['lint', '--diagnostic-level=error', '.'])).code])
}

// tap may have rebuilt its plugin set with the TypeScript loader (a run outside this script
// can do that); the build without it is restored first, at no cost when it is in place.
await run(process.execPath, [new URL('./build-tap.mjs', import.meta.url).pathname])
console.log('> tap')
const tap = await run('tap', ['--reporter=terse', ...extra], true)
const summary = tap.output.match(/# \{ total: (\d+)(?:, pass: (\d+))?(?:, fail: (\d+))?[^}]*\}/)
const passed = Number(summary?.[2] ?? 0)
const failed = Number(summary?.[3] ?? 0)

for (const [name, code] of checks) if (code !== 0) console.log(`${name} failed (exit ${code})`)
const ok = tap.code === 0 && checks.every(([, code]) => code === 0) && passed > 0
if (!summary) console.log('tap printed no summary: counting the run as failed')
console.log(`${passed} passed, ${failed + (summary ? 0 : 1)} failed`)
process.exit(ok ? 0 : 1)
