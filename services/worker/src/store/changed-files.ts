import type { Delivery } from '@gwm/domain'
import type { GitHubApp } from '@gwm/github'

/** GitHub lists at most this many files in a comparison: more, and the list is not the whole change. */
const COMPARE_FILES_CAP = 300
const ZERO_SHA = /^0+$/

/**
 * App mode: the files a push changed, from GitHub's compare API (before...after) with the
 * installation's token, for the paths filter when the payload may not list them all. null when
 * they cannot be known: no installation, a new branch (no before), or a comparison cut short.
 */
export function createChangedFiles(app: GitHubApp) {
  return async (delivery: Delivery): Promise<string[] | null> => {
    const { before, after } = delivery.payload as { before?: unknown; after?: unknown }
    if (delivery.installationId === null || !delivery.repository) return null
    if (typeof before !== 'string' || typeof after !== 'string' || ZERO_SHA.test(before)) return null
    const [owner, repo] = delivery.repository.fullName.split('/') as [string, string]
    const res = await app.installation(delivery.installationId).rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${before}...${after}` })
    const files = res.data.files ?? []
    if (files.length >= COMPARE_FILES_CAP) return null
    return files.flatMap((file) => (file.previous_filename ? [file.filename, file.previous_filename] : [file.filename]))
  }
}
