/** One request the platform receiver got (kept apart from the receiver: its page shows them too). */
export interface ReceivedRequest {
  at: number
  path: string
  webhookId: string | undefined
  /** The W3C traceparent header: the delivery's trace, when the worker traces. */
  traceparent: string | undefined
  /** The Standard Webhooks signature checked out against the secret. */
  verified: boolean
  /** What the receiver answered (401 for a bad signature). */
  status: number
  /** The caller hung up before the answer (e.g. its timeout fired during a stall). */
  aborted: boolean
  body: { type?: string; id?: string; timestamp?: string; data?: Record<string, unknown> } | undefined
}
