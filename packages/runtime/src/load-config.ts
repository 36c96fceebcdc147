/**
 * Loads a service config; on failure prints the one line that names every bad variable
 * and exits, instead of a stack trace.
 */
export function loadConfigOrExit<T>(load: (env: NodeJS.ProcessEnv) => T, env: NodeJS.ProcessEnv = process.env): T {
  try {
    return load(env)
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(78) // EX_CONFIG
  }
}
