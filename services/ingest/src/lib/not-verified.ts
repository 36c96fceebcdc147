import { HttpError } from '@gwm/runtime'

const MESSAGE = "the delivery could not be verified: check the webhook's secret (the ingest's log says why)"

/**
 * A delivery refused because it could not be verified. Outside, every such refusal reads the
 * same: saying "no secret for hook 42" or "check WEBHOOK_SECRET" would tell anyone which hook
 * ids exist and whether a global secret is set. The reason (the metric's label and the log's
 * `error`) and the detail (the log's `detail`) stay inside.
 */
export class NotVerified extends HttpError {
  readonly reason: string
  readonly detail: string
  constructor(reason: string, detail: string) {
    super(401, 'unauthorized', MESSAGE)
    this.reason = reason
    this.detail = detail
  }
}
