/** Environment names the platform sees; stable, so a teardown names what a deploy created. */
export const PRODUCTION = 'production'

export const pullRequestEnvironment = (number: number) => `pr-${number}`

/** A branch's preview: lower-case, [a-z0-9-] only, at most 63 characters (a DNS label). */
export function branchEnvironment(branch: string): string {
  const slug = branch
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '')
  return `branch-${slug || 'unnamed'}`
}
