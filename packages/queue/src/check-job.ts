import Value from 'typebox/value'
import { JOBS, type JobName } from './catalog.ts'

/**
 * Why job data does not match its catalog schema, naming each field ("deliveryId must be
 * string; data must have required properties event"), or undefined when it matches.
 * Consumers check before they act: data that cannot match will never succeed on a retry.
 */
export function jobDataProblem(name: JobName, data: unknown): string | undefined {
  const { schema } = JOBS[name]
  if (Value.Check(schema, data)) return undefined
  return [...Value.Errors(schema, data)]
    .slice(0, 5)
    .map((error) => `${error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'data'} ${error.message}`)
    .join('; ')
}
