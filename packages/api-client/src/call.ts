import { apiErrorOf, networkErrorOf } from './api-error.ts'

interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/**
 * The data of a client call, or an ApiError: `await call(api.GET('/auth/session'))`. A
 * request that got no answer is a `network` error; any answer but a success is mapped
 * by its status and the gateway's `{error, message}` body.
 */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>
  try {
    result = await request
  } catch (err) {
    throw networkErrorOf(err)
  }
  if (!result.response.ok) throw apiErrorOf(result.response.status, result.response.headers, result.error)
  return result.data as T
}
