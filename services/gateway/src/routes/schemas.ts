import Type from 'typebox'

/** Every error the gateway answers with. */
export const ErrorBody = Type.Object({
  error: Type.String({ description: 'A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid' }),
  message: Type.String({ description: 'What went wrong and what to do about it' }),
})

/** The usual error responses of a route, by status. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]))
}
