import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { startProcess } from './processes.ts'

const SKIPPED = new Set(['node_modules', 'dist', 'test'])

/** The newest modification time of the files under dir (node_modules, dist and tests aside). */
function newestChange(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs)
  }
  return newest
}

interface Manifest {
  scripts?: Record<string, string>
  dependencies?: Record<string, string>
}

/**
 * Why the console must be built, or null when its dist is newer than its sources: the console
 * package and the workspace packages it bundles (the API client).
 */
function consoleBuildReason(root: string): string | null {
  const dir = join(root, 'packages/console')
  const index = join(dir, 'dist/index.html')
  if (!existsSync(index)) return 'not built yet'
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
  const bundled = Object.entries(manifest.dependencies ?? {})
    .filter(([, version]) => version.startsWith('workspace:'))
    .map(([name]) => join(root, 'packages', basename(name)))
    .filter((path) => existsSync(path))
  const sources = Math.max(...[dir, ...bundled].map(newestChange))
  return sources > statSync(index).mtimeMs ? 'its sources changed since the last build' : null
}

/**
 * Runs the console package's own build script (as `pnpm run build` would: in a shell, its
 * node_modules/.bin and this Node first on the PATH), its output prefixed like the services'.
 */
async function buildConsole(root: string, env: NodeJS.ProcessEnv): Promise<void> {
  const dir = join(root, 'packages/console')
  const script = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest).scripts?.build
  if (!script) throw new Error('packages/console has no build script')
  const pathKey = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH'
  const path = [join(dir, 'node_modules/.bin'), join(root, 'node_modules/.bin'), dirname(process.execPath), env[pathKey]].join(process.platform === 'win32' ? ';' : ':')
  const child = startProcess({ name: 'console', cwd: dir, command: script, args: [], env: { ...env, [pathKey]: path }, colour: 37 })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`the console's build failed (${script}, exit ${code}): see the lines above`)
}

/** Builds the console when it is missing or older than its sources (npm start serves it from the gateway). */
export async function ensureConsoleBuilt(root: string, env: NodeJS.ProcessEnv): Promise<void> {
  const reason = consoleBuildReason(root)
  if (!reason) return
  console.log(`stack: building the console (${reason})…`)
  await buildConsole(root, env)
}
