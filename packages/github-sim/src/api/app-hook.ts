import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SimContext } from '../context.ts'
import { validationFailed } from '../errors.ts'
import { isoSeconds } from '../git.ts'
import type { App } from '../model.ts'
import { appHookConfig } from '../shapes/app.ts'
import { deliveryDetail } from '../shapes/hook.ts'
import { findDelivery, listDeliveries, redeliver } from './delivery-list.ts'

const JWT = { config: { jwt: true } }
const CONFIG_DOCS = 'https://docs.github.com/rest/apps/webhooks#update-a-webhook-configuration-for-an-app'
const DELIVERIES_DOCS = 'https://docs.github.com/rest/apps/webhooks#list-deliveries-for-an-app-webhook'

const appOf = (req: FastifyRequest): App => req.simApp!

const invalid = (field: string, message: string) => validationFailed([{ resource: 'Hook', code: 'custom', field, message }], CONFIG_DOCS)

/** Checks a PATCH of the App's webhook configuration; only the given fields change. */
function parseEdit(raw: unknown): Partial<App['webhook']> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('config', 'Body must be a JSON object')
  const body = raw as Record<string, unknown>
  const edit: Partial<App['webhook']> = {}
  if (body.url !== undefined) {
    if (typeof body.url !== 'string' || !URL.canParse(body.url) || !/^https?:$/.test(new URL(body.url).protocol)) throw invalid('url', `Config url "${String(body.url)}" is not a valid URL`)
    edit.url = body.url
  }
  if (body.content_type !== undefined) {
    if (body.content_type !== 'json' && body.content_type !== 'form') throw invalid('content_type', 'Config content_type must be "json" or "form"')
    edit.contentType = body.content_type
  }
  if (body.secret !== undefined) {
    if (typeof body.secret !== 'string') throw invalid('secret', 'Config secret must be a string')
    edit.secret = body.secret === '' ? null : body.secret
  }
  if (body.insecure_ssl !== undefined) {
    const value = String(body.insecure_ssl)
    if (value !== '0' && value !== '1') throw invalid('insecure_ssl', 'Config insecure_ssl must be "0" or "1"')
    edit.insecureSsl = value
  }
  return edit
}

/** The App's webhook: its configuration, its deliveries (newest first, cursor paging) and redelivery. */
export function appHookRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/app/hook/config', JWT, async (req) => appHookConfig(appOf(req)))

  app.patch('/app/hook/config', JWT, async (req) => {
    const self = appOf(req)
    self.webhook = { ...self.webhook, ...parseEdit(req.body ?? {}) }
    self.updatedAt = isoSeconds(new Date())
    return appHookConfig(self)
  })

  app.get('/app/hook/deliveries', JWT, async (req, reply) => listDeliveries(ctx, req, reply, appOf(req).hookId, DELIVERIES_DOCS))

  app.get('/app/hook/deliveries/:delivery_id', JWT, async (req) =>
    deliveryDetail(findDelivery(ctx, appOf(req).hookId, (req.params as { delivery_id: string }).delivery_id)))

  app.post('/app/hook/deliveries/:delivery_id/attempts', JWT, async (req, reply) =>
    redeliver(ctx, reply, findDelivery(ctx, appOf(req).hookId, (req.params as { delivery_id: string }).delivery_id)))
}
