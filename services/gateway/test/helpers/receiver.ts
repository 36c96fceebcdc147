import { startHookReceiver } from '@gwm/testkit'
import type { Test } from 'tap'

export { signedWith } from '@gwm/testkit'

/** Where WEBHOOK_URL points in gateway tests: records deliveries, answers 202 like the ingest. */
export const startReceiver = (t: Test) => startHookReceiver(t, { status: 202 })
