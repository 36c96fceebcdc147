import type { Delivery, Hook, Repo } from '../model.ts'
import type { Urls } from './account.ts'

/** GitHub never returns a hook's secret, only that one is set. */
function hookConfig(hook: Hook): Record<string, string> {
  const { secret, ...rest } = hook.config
  return secret ? { ...rest, secret: '********' } : { ...rest }
}

/** A repository webhook ("hook"). */
export function hookShape(urls: Urls, repo: Repo, hook: Hook): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.owner}/${repo.name}/hooks/${hook.id}`
  return {
    type: 'Repository',
    id: hook.id,
    name: hook.name,
    active: hook.active,
    events: [...hook.events],
    config: hookConfig(hook),
    updated_at: hook.updatedAt,
    created_at: hook.createdAt,
    url: api,
    test_url: `${api}/test`,
    ping_url: `${api}/pings`,
    deliveries_url: `${api}/deliveries`,
    last_response: { ...hook.lastResponse },
  }
}

/** An item of GET .../hooks/{id}/deliveries ("hook-delivery-item"). */
export function deliveryItem(delivery: Delivery): Record<string, unknown> {
  return {
    id: delivery.id,
    guid: delivery.guid,
    delivered_at: delivery.deliveredAt,
    redelivery: delivery.redelivery,
    duration: delivery.duration,
    status: delivery.status,
    status_code: delivery.statusCode,
    event: delivery.event,
    action: delivery.action,
    installation_id: delivery.installationId,
    repository_id: delivery.repoId,
    throttled_at: null,
  }
}

/** GET .../deliveries/{id} ("hook-delivery"): the item plus the request and response. */
export function deliveryDetail(delivery: Delivery): Record<string, unknown> {
  return {
    ...deliveryItem(delivery),
    url: delivery.url,
    request: { headers: { ...delivery.request.headers }, payload: delivery.request.payload },
    response: { headers: { ...delivery.response.headers }, payload: delivery.response.payload },
  }
}
