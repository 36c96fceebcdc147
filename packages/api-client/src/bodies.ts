import type { operations } from './schema.d.ts'

type Responses<Op extends keyof operations> = operations[Op]['responses']
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

/** The JSON body an operation answers with `Status` (200 by default): `ResponseBody<'getEvent'>`. */
export type ResponseBody<Op extends keyof operations, Status extends number = 200> =
  Status extends keyof Responses<Op> ? JsonOf<Responses<Op>[Status]> : never
