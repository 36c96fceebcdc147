import { Compile, type Validator } from 'typebox/compile'
import { JOBS, type JobName } from './catalog.ts'

// Compiled once per job name: checking every job with the schema interpreter allocated as much
// as a small payload per job.
const validators = new Map<JobName, Validator>()
const validatorOf = (name: JobName): Validator => {
  let validator = validators.get(name)
  if (!validator) {
    validator = Compile(JOBS[name].schema) as Validator
    validators.set(name, validator)
  }
  return validator
}

/**
 * Why job data does not match its catalog schema, naming each field ("deliveryId must be
 * string; data must have required properties event"), or undefined when it matches.
 * Consumers check before they act: data that cannot match will never succeed on a retry.
 */
export function jobDataProblem(name: JobName, data: unknown): string | undefined {
  const validator = validatorOf(name)
  if (validator.Check(data)) return undefined
  return validator
    .Errors(data)
    .slice(0, 5)
    .map((error) => `${error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'data'} ${error.message}`)
    .join('; ')
}
