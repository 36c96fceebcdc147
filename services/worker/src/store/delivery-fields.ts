import type { GitHubEventJob } from '@gwm/queue'

/** A delivery's fields as the ingest sent them (an inbox entry's, or an events job's), without the payload. */
export type DeliveryFields = Omit<GitHubEventJob, 'payload'>

/**
 * The hook the delivery came through: the ingest's X-GitHub-Hook-ID, else 0. Never the payload's
 * hook_id: a body signed with WEBHOOK_SECRET could name any hook there (a fake ping choosing it).
 */
export function hookIdOf(data: DeliveryFields): number {
  const id = Number(data.hookId)
  return Number.isSafeInteger(id) && id > 0 ? id : 0
}

/** When the ingest accepted it; `fallback` (the job's or the inbox entry's time) if that is unreadable. */
export function receivedAtOf(data: DeliveryFields, fallback: number): Date {
  const at = new Date(data.receivedAt)
  return Number.isNaN(at.getTime()) ? new Date(fallback) : at
}

export function senderLogin(payload: Record<string, unknown>): string | null {
  const sender = payload.sender as { login?: unknown } | undefined
  return typeof sender?.login === 'string' ? sender.login : null
}

/** App mode: the installation the delivery came through, else null. */
export function installationIdOf(payload: Record<string, unknown>): number | null {
  const id = (payload.installation as { id?: unknown } | undefined)?.id
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null
}

export function actionOf(data: DeliveryFields, payload: Record<string, unknown>): string | null {
  return data.action ?? (typeof payload.action === 'string' ? payload.action : null)
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/

/** The delivery's trace as the ingest carried it (a W3C traceparent), else null. */
export function traceparentOf(data: DeliveryFields): string | null {
  return data.traceparent !== undefined && TRACEPARENT.test(data.traceparent) ? data.traceparent : null
}
