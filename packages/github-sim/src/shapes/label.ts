import type { Label, Repo } from '../model.ts'
import { nodeId, type Urls } from './account.ts'

/** A repository's label ("label"), in REST answers and pull_request payloads. */
export function labelShape(urls: Urls, repo: Repo, label: Label): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${urls.api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  }
}
