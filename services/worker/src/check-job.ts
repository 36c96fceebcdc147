import { type JobData, jobDataProblem, type JobName } from '@gwm/queue'
import { UnrecoverableError } from 'bullmq'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** What the columns hold; GitHub's own values are far shorter (a delivery GUID is 36). */
const MAX_ID = 255

function limits(name: JobName, data: Record<string, unknown>): string | undefined {
  if (name === 'github-event') {
    if (String(data.deliveryId).length > MAX_ID) return `deliveryId is longer than ${MAX_ID} characters`
    if (String(data.event).length > MAX_ID) return `event is longer than ${MAX_ID} characters`
  }
  if (name === 'user-provisioned' && !UUID.test(String(data.userId))) return 'userId is not a uuid'
  return undefined
}

/**
 * The job's data, checked against its catalog schema and the worker's limits. Data that does
 * not fit can never succeed on a retry: it fails at once (UnrecoverableError), naming the field.
 */
export function checkJob<N extends JobName>(name: N, data: unknown): JobData<N> {
  const problem = jobDataProblem(name, data) ?? limits(name, data as Record<string, unknown>)
  if (problem) throw new UnrecoverableError(`invalid ${name} job: ${problem}`)
  return data as JobData<N>
}
