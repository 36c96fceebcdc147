// The environment the toolchain's commands run in. Plain JavaScript that Node 20 runs.

/**
 * What an outer `npm run` adds about itself: its Node, its npm and node-gyp, its user agent,
 * the script and package it runs. Passed on, they point the project's Node and pnpm at the
 * outer ones (native addons built by node-gyp for Node 20, tools re-running "the package
 * manager" through npm under Node 20). Everything else stays, among it every npm_config_* a
 * user sets: registry, proxy, https_proxy, noproxy, cafile, ca, strict_ssl, auth, cache,
 * userconfig, loglevel.
 */
const NPM_RUN_VARIABLES = new Set([
  'NODE',
  'npm_command',
  'npm_execpath',
  'npm_node_execpath',
  'npm_config_node_gyp',
  'npm_config_npm_version',
  'npm_config_user_agent',
])
const NPM_RUN_PREFIXES = ['npm_lifecycle_', 'npm_package_']

export function isNpmRunVariable(name) {
  return NPM_RUN_VARIABLES.has(name) || NPM_RUN_PREFIXES.some((prefix) => name.startsWith(prefix))
}

/**
 * base without the outer npm run's own variables, with pathEntries put first on PATH.
 * nodedir (the headers of the project's own Node) replaces npm_config_nodedir, which an outer
 * npm under another Node sets to that Node's; without one (the toolchain runs on the Node
 * that ran npm) the user's value stays.
 */
export function toolchainEnv(base, { pathEntries, nodedir, platform = process.platform }) {
  const env = {}
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !isNpmRunVariable(name)) env[name] = value
  }
  if (nodedir) {
    for (const name of Object.keys(env)) if (name.toLowerCase() === 'npm_config_nodedir') delete env[name]
    env.npm_config_nodedir = nodedir
  }
  // Windows spells it Path and treats names case-insensitively: keep the one key it has.
  const pathKey = (platform === 'win32' && Object.keys(env).find((name) => name.toUpperCase() === 'PATH')) || 'PATH'
  const sep = platform === 'win32' ? ';' : ':'
  env[pathKey] = [...pathEntries, ...(env[pathKey] ? [env[pathKey]] : [])].join(sep)
  return env
}
