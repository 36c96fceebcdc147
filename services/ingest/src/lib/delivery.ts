import type { GitHubEventJob } from '@gwm/queue'

/** A verified, well-formed delivery, ready to be stored: its job id and the job data. */
export interface Delivery {
  /** BullMQ job id from (hook id, delivery GUID): a redelivery of the same delivery is a no-op. */
  jobId: string
  data: GitHubEventJob
}
