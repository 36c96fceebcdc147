// Used by deploy/Dockerfile before the production install: keeps one app of the workspace
// and the workspace packages it depends on (transitively); deletes every other service and
// package, all tests, dev dependencies and the root's dev tooling. The install that follows
// keeps the lockfile's versions for everything that is left.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const app = process.argv[2]
if (!app || !existsSync(join(app, 'package.json'))) {
  console.error(`prune-workspace: "${app}" is not a workspace folder (expected e.g. services/gateway)`)
  process.exit(1)
}

const folders = ['services', 'packages'].flatMap((group) =>
  existsSync(group) ? readdirSync(group).map((name) => join(group, name)) : [])
const manifests = new Map(folders
  .filter((folder) => existsSync(join(folder, 'package.json')))
  .map((folder) => [JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).name, folder]))

const keep = new Set()
const visit = (folder) => {
  if (keep.has(folder)) return
  keep.add(folder)
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))
  for (const [name, spec] of Object.entries(manifest.dependencies ?? {})) {
    if (String(spec).startsWith('workspace:') && manifests.has(name)) visit(manifests.get(name))
  }
}
visit(app)

for (const folder of folders) {
  if (!keep.has(folder)) {
    rmSync(folder, { recursive: true, force: true })
    continue
  }
  rmSync(join(folder, 'test'), { recursive: true, force: true })
  const path = join(folder, 'package.json')
  const manifest = JSON.parse(readFileSync(path, 'utf8'))
  delete manifest.devDependencies
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`)
}
for (const path of ['scripts', 'bench', 'docs', '.ci', 'tsconfig.json', 'tsconfig.base.json', 'biome.json']) {
  rmSync(path, { recursive: true, force: true })
}
const root = JSON.parse(readFileSync('package.json', 'utf8'))
delete root.devDependencies
delete root.scripts
writeFileSync('package.json', `${JSON.stringify(root, null, 2)}\n`)
console.log(`prune-workspace: kept ${[...keep].join(', ')}`)
