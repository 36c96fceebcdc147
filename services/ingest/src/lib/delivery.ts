import type { InboxDelivery } from '@gwm/queue'

/** A verified, well-formed delivery, ready to be stored: its job id, fields and payload bytes. */
export type Delivery = InboxDelivery
